/**
 * Student's t quantile function (inverse CDF), as scipy's `t.ppf(p, df)`.
 *
 * The CDF comes from the regularized incomplete beta function and is inverted
 * with a bracketed Newton iteration on log-probabilities in log(t), which keeps
 * full relative precision from p close to 0.5 out to the far tails. Very large
 * degrees of freedom use the normal quantile plus the Cornish-Fisher expansion,
 * where the beta continued fraction would need too many terms.
 */

const LN_SQRT_2PI = 0.918938533204672741780329736406; // ln(sqrt(2*pi))
const EPS = 1e-16;
const MAX_TERMS = 100_000;
/** Above this df the 4-term Cornish-Fisher expansion is accurate to about 1e-13 relative (for moderate z). */
const ASYMPTOTIC_DF = 1e4;

/**
 * Stirling-series remainder lnGamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi)), for x >= 10.
 * Coefficients are B(2k) / (2k (2k - 1)).
 */
function lgammaCorrection(x: number): number {
  const r = 1 / (x * x);
  return (
    (1 / 12 -
      r *
        (1 / 360 -
          r *
            (1 / 1260 -
              r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r * (1 / 156 - (r * 3617) / 122400))))))) /
    x
  );
}

/** ln Gamma(x) for x > 0: Stirling with correction, shifted up to x >= 10 by the recurrence. */
export function lnGamma(x: number): number {
  let shift = 0;
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    shift += 1;
  }
  const stirling = (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + lgammaCorrection(x);
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/**
 * ln B(a, b). The large-argument forms (as in R's lbeta) cancel the huge
 * Stirling terms analytically instead of subtracting three lnGamma values.
 */
export function lnBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = lgammaCorrection(p) + lgammaCorrection(q) - lgammaCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = lgammaCorrection(q) - lgammaCorrection(p + q);
    return lnGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lnGamma(p) + lnGamma(q) - lnGamma(p + q);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta: no convergence for a=${a}, b=${b}, x=${x}`);
}

/**
 * Regularized incomplete beta I_x(a, b) and its complement 1 - I_x(a, b).
 * x and y = 1 - x are passed separately (with their logs) so that neither is
 * rounded through the other; whichever result is computed directly is accurate
 * to full relative precision, the other is 1 minus it.
 */
function incompleteBeta(a: number, b: number, x: number, y: number, lnX: number, lnY: number): [number, number] {
  // From the logs: x or y may underflow to 0 while the result is still representable.
  const front = Math.exp(a * lnX + b * lnY - lnBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaContinuedFraction(a, b, x)) / a;
    return [lower, 1 - lower];
  }
  const upper = (front * betaContinuedFraction(b, a, y)) / b;
  return [1 - upper, upper];
}

/** Regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x). */
function incompleteGamma(a: number, x: number): [number, number] {
  const front = Math.exp(a * Math.log(x) - x - lnGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        const lower = front * sum;
        return [lower, 1 - lower];
      }
    }
    throw new Error(`incomplete gamma: no convergence for a=${a}, x=${x}`);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) {
      const upper = front * h;
      return [1 - upper, upper];
    }
  }
  throw new Error(`incomplete gamma: no convergence for a=${a}, x=${x}`);
}

/**
 * A symmetric distribution as seen by the quantile solver, for t > 0:
 * `tails(t)` gives [P(T > t), P(|T| < t)] and `pdf(t)` the density.
 */
interface SymmetricDistribution {
  tails(t: number): [tail: number, central: number];
  pdf(t: number): number;
}

function studentDistribution(df: number): SymmetricDistribution {
  const a = df / 2;
  const lnNorm = -lnBeta(a, 0.5) - 0.5 * Math.log(df);
  return {
    tails(t) {
      // x = df / (df + t^2) and y = t^2 / (df + t^2), computed without overflow or cancellation.
      const t2 = t * t;
      let x: number, y: number, lnX: number, lnY: number;
      if (t2 > df) {
        const r = df / t2;
        lnY = -Math.log1p(r);
        lnX = Math.log(df) - 2 * Math.log(t) + lnY;
        x = Math.exp(lnX);
        y = 1 / (1 + r);
      } else {
        const r = t2 / df;
        lnX = -Math.log1p(r);
        lnY = 2 * Math.log(t) - Math.log(df) + lnX;
        x = 1 / (1 + r);
        y = Math.exp(lnY);
      }
      // P(T > t) = I_x(df/2, 1/2) / 2 and P(|T| < t) = 1 - I_x(df/2, 1/2).
      const [lower, upper] = incompleteBeta(a, 0.5, x, y, lnX, lnY);
      return [lower / 2, upper];
    },
    pdf(t) {
      return Math.exp(lnNorm - (a + 0.5) * Math.log1p((t * t) / df));
    },
  };
}

const normalDistribution: SymmetricDistribution = {
  tails(z) {
    // P(Z > z) = Q(1/2, z^2/2) / 2 and P(|Z| < z) = P(1/2, z^2/2).
    const [lower, upper] = incompleteGamma(0.5, (z * z) / 2);
    return [upper / 2, lower];
  },
  pdf(z) {
    return Math.exp(-(z * z) / 2 - LN_SQRT_2PI);
  },
};

/** Abramowitz & Stegun 26.2.23: the upper-tail normal quantile to about 4.5e-4, as a starting point. */
function roughNormalQuantile(tail: number): number {
  const w = Math.sqrt(-2 * Math.log(tail));
  const z = w - (2.515517 + w * (0.802853 + w * 0.010328)) / (1 + w * (1.432788 + w * (0.189269 + w * 0.001308)));
  return Math.max(z, 1e-3);
}

/**
 * The t > 0 with P(T > t) = tail, for tail in (0, 1/2). Solves in u = ln t on
 * the log of whichever probability is smaller (the tail, or the central mass
 * 2 (1/2 - tail) near the centre) so the target keeps all its significant digits.
 */
function upperQuantile(dist: SymmetricDistribution, tail: number, central: number, guess: number): number {
  const useTail = tail <= central;
  const lnTarget = Math.log(useTail ? tail : central);
  const slope = useTail ? -1 : 2; // d(probability)/dt = slope * pdf(t)
  // f(u) is increasing in u either way once the tail branch is negated.
  const f = (u: number): [number, number] => {
    const t = Math.exp(u);
    const [tl, ce] = dist.tails(t);
    const prob = useTail ? tl : ce;
    const value = Math.log(prob) - lnTarget;
    const derivative = (slope * t * dist.pdf(t)) / prob;
    return useTail ? [-value, -derivative] : [value, derivative];
  };

  let u = Math.log(guess);
  const [f0] = f(u);
  if (f0 === 0) return guess;
  // Expand geometrically from the guess until the root is bracketed.
  let lo = u;
  let hi = u;
  let step = f0 < 0 ? 1 : -1;
  for (;;) {
    const next = u + step;
    const [fn] = f(next);
    if (f0 < 0 && fn >= 0) {
      lo = next - step;
      hi = next;
      break;
    }
    if (f0 > 0 && fn <= 0) {
      lo = next;
      hi = next - step;
      break;
    }
    u = next;
    step *= 2;
    if (!Number.isFinite(u) || Math.abs(u) > 1500) throw new Error('t quantile: cannot bracket the root');
  }

  // Safeguarded Newton (Numerical Recipes' rtsafe) on [lo, hi] with f(lo) < 0 < f(hi).
  u = (lo + hi) / 2;
  let [fu, dfu] = f(u);
  let dxOld = hi - lo;
  let dx = dxOld;
  for (let i = 0; i < 200; i++) {
    const newtonLeaves = ((u - hi) * dfu - fu) * ((u - lo) * dfu - fu) > 0;
    if (newtonLeaves || Math.abs(2 * fu) > Math.abs(dxOld * dfu) || !Number.isFinite(dfu)) {
      dxOld = dx;
      dx = (hi - lo) / 2;
      u = lo + dx;
    } else {
      dxOld = dx;
      dx = fu / dfu;
      u -= dx;
    }
    if (Math.abs(dx) < 1e-15 * Math.max(1, Math.abs(u)) || hi - lo < 1e-15) break;
    [fu, dfu] = f(u);
    if (fu === 0) break;
    if (fu < 0) lo = u;
    else hi = u;
  }
  return Math.exp(u);
}

/**
 * Cornish-Fisher expansion of the t quantile around the normal quantile z
 * (Abramowitz & Stegun 26.7.5).
 */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/**
 * Inverse CDF of Student's t distribution with `df` degrees of freedom
 * (`df` may be Infinity, giving the normal quantile). `tPpf(0.975, n - 1)` is
 * the factor of a two-sided 95% confidence interval.
 */
export function tPpf(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`tPpf: probability must be in [0, 1], got ${p}`);
  if (!(df > 0)) throw new RangeError(`tPpf: degrees of freedom must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const sign = p > 0.5 ? 1 : -1;
  // Both are exact in floating point for the side they are used on.
  const tail = p > 0.5 ? 1 - p : p;
  const central = p > 0.5 ? 2 * p - 1 : 1 - 2 * p;
  const z = upperQuantile(normalDistribution, tail, central, roughNormalQuantile(tail));
  if (df === Infinity) return sign * z;
  // The expansion's terms shrink like z^2 / df: used only where the fifth term is negligible.
  if (df > ASYMPTOTIC_DF && z * z < df * 1e-3) return sign * cornishFisher(z, df);
  return sign * upperQuantile(studentDistribution(df), tail, central, cornishFisher(z, Math.max(df, 1)));
}
