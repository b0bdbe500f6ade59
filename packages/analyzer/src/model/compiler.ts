import { ts } from "ts-morph";

/**
 * ts-morph exposes the compiler API through getters. Full-tree walks read `ts.SyntaxKind`,
 * `ts.isIdentifier` and friends millions of times on a large repository, so hot code uses this
 * plain copy: a field read instead of a getter call each time (measured: the fact walk ~2× faster).
 */
export const compiler: typeof ts = { ...ts };
