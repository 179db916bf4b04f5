import Foundation
import Testing

@testable import RoarTrace

/// C programs: dirfd-relative syscalls, mmap, threads, static linking.
@Suite(.enabled(if: Tools.hasGCC, Tools.noGCC)) struct NativeProgramTests {
    @Test func openatWithDirectoryDescriptor() async throws {
        let scratch = try Scratch()
        try scratch.write("data/in.txt", "dirfd\n")
        try scratch.write("data/gone.txt", "x\n")
        try FileManager.default.createDirectory(atPath: scratch("data/sub"), withIntermediateDirectories: true)
        let program = try scratch.compile(
            "dirfd",
            """
            #include <fcntl.h>
            #include <stdio.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
                if (dir < 0) return 10;
                char buffer[64];
                int in = openat(dir, "in.txt", O_RDONLY);
                if (in < 0 || read(in, buffer, sizeof buffer) <= 0) return 11;
                int out = openat(dir, "sub/../out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (out < 0 || write(out, "o", 1) != 1) return 12;
                close(out);
                if (renameat(dir, "out.txt", dir, "sub/final.txt") != 0) return 13;
                if (unlinkat(dir, "gone.txt", 0) != 0) return 14;
                if (linkat(dir, "in.txt", dir, "in-link.txt", 0) != 0) return 15;
                if (symlinkat("in.txt", dir, "in-sym.txt") != 0) return 16;
                if (fchdir(dir) != 0) return 17;
                int rel = open("in.txt", O_RDONLY);
                if (rel < 0) return 18;
                return 0;
            }
            """)
        let report = try await trace([program, "data"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        let data = scratch("data")
        #expect(report.reads(under: data) == ["\(data)/in.txt"])
        #expect(report.file("\(data)/out.txt")?.created == true)
        #expect(report.renames.map { [$0.from, $0.to] } == [["\(data)/out.txt", "\(data)/sub/final.txt"]])
        #expect(report.unlinks.map(\.path) == ["\(data)/gone.txt"])
        #expect(report.links.map { [$0.from, $0.to] } == [["\(data)/in.txt", "\(data)/in-link.txt"]])
        #expect(report.symlinks.map(\.path) == ["\(data)/in-sym.txt"])
        #expect(report.file("\(data)/in.txt")?.readers == [report.rootPID])
        #expect(report.process(report.rootPID)?.argv == [program, "data"])
    }

    @Test func mmapRead() async throws {
        let scratch = try Scratch()
        try scratch.write("in.bin", String(repeating: "m", count: 10_000))
        let program = try scratch.compile(
            "mmapper",
            """
            #include <fcntl.h>
            #include <stdio.h>
            #include <sys/mman.h>
            #include <sys/stat.h>
            int main(void) {
                int fd = open("in.bin", O_RDONLY);
                struct stat st;
                if (fd < 0 || fstat(fd, &st) != 0) return 10;
                unsigned char *map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
                if (map == MAP_FAILED) return 11;
                unsigned long sum = 0;
                for (off_t i = 0; i < st.st_size; i++) sum += map[i];
                FILE *out = fopen("sum.txt", "w");
                fprintf(out, "%lu\\n", sum);
                return fclose(out) == 0 ? 0 : 12;
            }
            """)
        let report = try await trace([program], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.reads(under: scratch.path) == [scratch("in.bin")])
        #expect(report.writes(under: scratch.path) == [scratch("sum.txt")])
        #expect(report.file(scratch("in.bin"))?.identity?.size == 10_000)
    }

    @Test func threadsWriting() async throws {
        let scratch = try Scratch()
        try scratch.write("in.txt", "shared\n")
        let program = try scratch.compile(
            "threads",
            """
            #include <pthread.h>
            #include <stdio.h>
            static void *work(void *arg) {
                long n = (long)arg;
                char name[32];
                FILE *in = fopen("in.txt", "r");
                if (in == NULL) return (void *)1;
                fclose(in);
                snprintf(name, sizeof name, "out-%ld.txt", n);
                FILE *out = fopen(name, "w");
                if (out == NULL) return (void *)1;
                fprintf(out, "%ld\\n", n);
                fclose(out);
                return NULL;
            }
            int main(void) {
                pthread_t threads[4];
                for (long i = 0; i < 4; i++) pthread_create(&threads[i], NULL, work, (void *)i);
                for (int i = 0; i < 4; i++) {
                    void *result;
                    pthread_join(threads[i], &result);
                    if (result != NULL) return 10;
                }
                return 0;
            }
            """, flags: ["-pthread"])
        let report = try await trace([program], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.writes(under: scratch.path) == Set((0..<4).map { scratch("out-\($0).txt") }))
        for index in 0..<4 {
            #expect(report.file(scratch("out-\(index).txt"))?.writers == [report.rootPID])
        }
        #expect(report.process(report.rootPID)?.threadCount == 4)
        #expect(report.processes.count == 1)
        #expect(report.statistics.threads == 4)
    }

    @Test func staticallyLinkedProgram() async throws {
        let scratch = try Scratch()
        try scratch.write("in.txt", "static\n")
        let program = try scratch.compile(
            "static-io",
            """
            #include <stdio.h>
            int main(void) {
                char line[64];
                FILE *in = fopen("in.txt", "r");
                if (in == NULL || fgets(line, sizeof line, in) == NULL) return 10;
                FILE *out = fopen("out.txt", "w");
                fputs(line, out);
                return fclose(out) == 0 ? 0 : 11;
            }
            """, flags: ["-static"])
        let report = try await trace([program], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.reads(under: scratch.path) == [scratch("in.txt")])
        #expect(report.writes(under: scratch.path) == [scratch("out.txt")])
        #expect(report.file(program)?.executed == true)
    }

    /// A non-leader thread execs: the process keeps its pid and runs the new program.
    @Test func execFromAThread() async throws {
        let scratch = try Scratch()
        let program = try scratch.compile(
            "thread-exec",
            """
            #include <pthread.h>
            #include <unistd.h>
            static void *run(void *unused) {
                char *argv[] = {"sh", "-c", "echo from-thread > out.txt", NULL};
                execv("/bin/sh", argv);
                return NULL;
            }
            int main(void) {
                pthread_t thread;
                pthread_create(&thread, NULL, run, NULL);
                pthread_join(thread, NULL);
                return 10;
            }
            """, flags: ["-pthread"])
        let report = try await trace([program], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(scratch.read("out.txt") == "from-thread\n")
        let root = try #require(report.process(report.rootPID))
        #expect(root.argv == ["sh", "-c", "echo from-thread > out.txt"])
        #expect(root.execCount == 2)
        #expect(report.file(scratch("out.txt"))?.writers == [report.rootPID])
    }
}
