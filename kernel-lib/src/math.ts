/**
 * The elementary functions radlab computes with: the same bits on every JavaScript engine, so a
 * notebook gives identical numbers in the lab's server mode (Node) and browser mode (the
 * reader's browser), and a study gives the same numbers on another Node.
 *
 * Why not `Math.log`, `Math.exp`, `**`: ECMA-262 leaves them "implementation-approximated", and
 * engines differ in the last bit. Measured on 20,000 arguments (test/e2e/notebook-parity.test.ts
 * found it): Node 20's V8 (fdlibm) and Chromium 156's V8 (correctly rounded) disagree for 2 % of
 * them in log, 5 % in exp, 10 % in pow, 8 % in cbrt. One bit is nothing, but an ill-conditioned
 * computation carries it into printed digits: on 40 demo patients, the logistic Rad-score of a
 * separated training set printed an odds ratio of 2.4657255744573308e+38 under tslab and
 * 2.4657255233024413e+38 in the browser kernel, and standard errors differed in the third
 * decimal.
 *
 * stdlib's ports of FreeBSD's msun (fdlibm) use only +, −, ×, ÷ and bit operations on IEEE 754
 * doubles, each of which every engine computes exactly alike. ln, exp, log1p, log2 and cbrt are
 * moreover bit-identical to Node 20's Math functions (220,000 arguments compared; exp differs
 * only below e^−745, in the subnormal range), so what radlab computed in Node before did not
 * change; pow, log10, sin, cos and acos are msun's where V8 has its own variants (a last-bit
 * difference for a few percent of arguments).
 *
 * Everything in kernel-lib that computes a number uses these, never Math's transcendental
 * functions or `**` with an exponent other than 2 (fdlibm and correctly rounded pow both give
 * x·x for x ** 2); kernel-lib/test/portable-math.test.ts checks the sources for it.
 * Math.sqrt, Math.hypot, rounding and the arithmetic operators are exact or engine-independent
 * and stay as they are.
 */
import acosImpl from "@stdlib/math-base-special-acos";
import cbrtImpl from "@stdlib/math-base-special-cbrt";
import cosImpl from "@stdlib/math-base-special-cos";
import expImpl from "@stdlib/math-base-special-exp";
import lnImpl from "@stdlib/math-base-special-ln";
import log1pImpl from "@stdlib/math-base-special-log1p";
import log2Impl from "@stdlib/math-base-special-log2";
import log10Impl from "@stdlib/math-base-special-log10";
import powImpl from "@stdlib/math-base-special-pow";
import sinImpl from "@stdlib/math-base-special-sin";

/** Natural logarithm, ln x. */
export const log: (x: number) => number = lnImpl;
/** e^x. */
export const exp: (x: number) => number = expImpl;
/** ln(1 + x), accurate near x = 0. */
export const log1p: (x: number) => number = log1pImpl;
/** log₂ x. */
export const log2: (x: number) => number = log2Impl;
/** log₁₀ x. */
export const log10: (x: number) => number = log10Impl;
/** x^y (for x ** y with y ≠ 2). */
export const pow: (x: number, y: number) => number = powImpl;
/** ∛x. */
export const cbrt: (x: number) => number = cbrtImpl;
/** sin x (radians). */
export const sin: (x: number) => number = sinImpl;
/** cos x (radians). */
export const cos: (x: number) => number = cosImpl;
/** arccos x, in [0, π]. */
export const acos: (x: number) => number = acosImpl;
