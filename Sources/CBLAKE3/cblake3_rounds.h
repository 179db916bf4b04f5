/*
 * The seven rounds of the compression function on sixteen state variables
 * v0..v15 and message words m[0..15], for any vector width. The including
 * file defines ADD, XOR and ROT16/12/8/7 for its type. Straight-line code
 * with constant indices (tolerable in -O0 builds too); the four G functions
 * of a column or diagonal step advance together, one operation at a time.
 */
#ifndef CBLAKE3_ROUNDS_H
#define CBLAKE3_ROUNDS_H

/* Half of G (spec 2.2) on four columns or diagonals at once: add the message
 * word, then mix with rotations RD (of d) and RB (of b). */
#define CB3_HALF_G(a0, b0, c0, d0, a1, b1, c1, d1, a2, b2, c2, d2, a3, b3, c3, d3, \
                   x0, x1, x2, x3, RD, RB)                                          \
    a0 = ADD(ADD(a0, b0), x0);                                                      \
    a1 = ADD(ADD(a1, b1), x1);                                                      \
    a2 = ADD(ADD(a2, b2), x2);                                                      \
    a3 = ADD(ADD(a3, b3), x3);                                                      \
    d0 = RD(XOR(d0, a0));                                                           \
    d1 = RD(XOR(d1, a1));                                                           \
    d2 = RD(XOR(d2, a2));                                                           \
    d3 = RD(XOR(d3, a3));                                                           \
    c0 = ADD(c0, d0);                                                               \
    c1 = ADD(c1, d1);                                                               \
    c2 = ADD(c2, d2);                                                               \
    c3 = ADD(c3, d3);                                                               \
    b0 = RB(XOR(b0, c0));                                                           \
    b1 = RB(XOR(b1, c1));                                                           \
    b2 = RB(XOR(b2, c2));                                                           \
    b3 = RB(XOR(b3, c3))

#define CB3_COLUMNS v0, v4, v8, v12, v1, v5, v9, v13, v2, v6, v10, v14, v3, v7, v11, v15
#define CB3_DIAGONALS v0, v5, v10, v15, v1, v6, v11, v12, v2, v7, v8, v13, v3, v4, v9, v14
#define CB3_HALF_G_(...) CB3_HALF_G(__VA_ARGS__)

/* One round: G on the columns, then on the diagonals, message words in schedule order s. */
#define CB3_ROUND(m, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15)  \
    CB3_HALF_G_(CB3_COLUMNS, m[s0], m[s2], m[s4], m[s6], ROT16, ROT12);                      \
    CB3_HALF_G_(CB3_COLUMNS, m[s1], m[s3], m[s5], m[s7], ROT8, ROT7);                        \
    CB3_HALF_G_(CB3_DIAGONALS, m[s8], m[s10], m[s12], m[s14], ROT16, ROT12);                 \
    CB3_HALF_G_(CB3_DIAGONALS, m[s9], m[s11], m[s13], m[s15], ROT8, ROT7)

/* All seven rounds; round r's schedule is the message permutation applied r times. */
#define CB3_ALL_ROUNDS(m) \
    CB3_ROUND(m, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); \
    CB3_ROUND(m, 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8); \
    CB3_ROUND(m, 3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1); \
    CB3_ROUND(m, 10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6); \
    CB3_ROUND(m, 12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4); \
    CB3_ROUND(m, 9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7); \
    CB3_ROUND(m, 11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13); \
    do { } while (0)

#endif /* CBLAKE3_ROUNDS_H */
