/// The workload programs written into every benchmark project (committed to its git repo).
enum Scripts {
    /// Workload (a) step 1: writes a CSV of about `MB` megabytes. `gen.py OUT MB`
    static let generate = """
        import random, sys
        out, target = sys.argv[1], int(float(sys.argv[2]) * 1_000_000)
        rnd = random.Random(42)
        written, i = 0, 0
        with open(out, "w") as f:
            f.write("id,group,value,label\\n")
            while written < target:
                rows = []
                for _ in range(10_000):
                    rows.append(f"{i},g{rnd.randrange(100)},{rnd.random() * 1000:.4f},item{i % 977}\\n")
                    i += 1
                chunk = "".join(rows)
                f.write(chunk)
                written += len(chunk)
        """

    /// Workload (a) step 2: keeps rows with value > 500 and aggregates them per group.
    /// `agg.py IN OUT`
    static let aggregate = """
        import csv, sys
        counts, sums, highs = {}, {}, {}
        with open(sys.argv[1], newline="") as f:
            for row in csv.DictReader(f):
                value = float(row["value"])
                if value <= 500:
                    continue
                group = row["group"]
                counts[group] = counts.get(group, 0) + 1
                sums[group] = sums.get(group, 0.0) + value
                highs[group] = max(highs.get(group, 0.0), value)
        with open(sys.argv[2], "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["group", "count", "sum", "mean", "max"])
            for group in sorted(counts):
                writer.writerow([group, counts[group], f"{sums[group]:.4f}", f"{sums[group] / counts[group]:.4f}", f"{highs[group]:.4f}"])
        """

    /// Workload (a) step 3: a small JSON summary of the aggregate. `summarize.py IN OUT`
    static let summarize = """
        import csv, json, sys
        with open(sys.argv[1], newline="") as f:
            rows = list(csv.DictReader(f))
        total = sum(int(r["count"]) for r in rows)
        top = max(rows, key=lambda r: float(r["mean"]))
        with open(sys.argv[2], "w") as f:
            json.dump({"groups": len(rows), "rows": total, "top_group": top["group"], "top_mean": float(top["mean"])}, f, indent=2)
        """

    /// Workload (b): reads every file of a directory and writes `N` aggregates. `many.py IN OUTDIR N`
    static let many = """
        import os, sys
        src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
        names = sorted(os.listdir(src))
        buckets = [[] for _ in range(n)]
        for k, name in enumerate(names):
            with open(os.path.join(src, name), "rb") as f:
                data = f.read()
            buckets[k % n].append(len(data).to_bytes(4, "little") + data[:16])
        os.makedirs(dst, exist_ok=True)
        for k, parts in enumerate(buckets):
            with open(os.path.join(dst, f"agg_{k:03d}.bin"), "wb") as f:
                f.write(b"".join(parts))
        print(f"{len(names)} -> {n}")
        """

    /// Workload (c): a shell script starting `count` Python processes, each copying a small file.
    static func spawn(python: String, count: Int) -> String {
        """
        #!/bin/sh
        set -e
        mkdir -p out/c
        i=1
        while [ $i -le \(count) ]; do
            \(python) -c "import sys; open('out/c/c_$i.txt', 'w').write(open('data/seed.txt').read() + '$i')"
            i=$((i + 1))
        done

        """
    }
}
