// AssemblyScript source of the dense-stack training kernels (compiled to src/kernels/dense.wasm by
// `npm run build:kernels`; test/kernels/build.test.ts checks the binary against a fresh build).
//
// Layout: every matrix is row-major float32 with a row stride (`ld*`, in elements) that is a
// multiple of 4, and every column count passed as `n` is a multiple of 4; the padding columns hold
// zeros and stay zero through forward, backward and the optimizer. So all inner loops run whole
// f32x4 vectors, and only the row dimension (the batch) has a remainder.
//
// The GEMMs read both operands in the order they lie in memory: no transposed copy, no repacking.
//   forward  out = act(x·W + b)        (broadcast x[r,i] × W row i)
//   gradW    dW  = hᵀ·g (+ c·W)        (outer products, row r of h and g at a time)
//   gradX    dx  = g·Wᵀ                 (dot products of g's rows with W's rows)
// Plain mul + add (no relaxed FMA), fixed summation order: the same inputs give the same bits on
// every machine.

const ZERO: v128 = f32x4.splat(0);

@inline function bcast(p: usize): v128 {
  return v128.load32_splat(p);
}

@inline function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function act(v: v128, relu: bool): v128 {
  return relu ? f32x4.max(v, ZERO) : v;
}

/** out[r, j] = act(Σ_{i<k} x[r, i]·w[i, j] + b[j]) for r < rows, j < n. */
export function forward(x: usize, ldx: i32, w: usize, ldw: i32, b: usize, out: usize, ldo: i32, rows: i32, k: i32, n: i32, relu: bool): void {
  const sx = <usize>ldx << 2;
  const sw = <usize>ldw << 2;
  const so = <usize>ldo << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = x + <usize>r * sx;
    const o0 = out + <usize>r * so;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const jb = <usize>j << 2;
      let c00 = v128.load(b + jb), c01 = v128.load(b + jb, 16);
      let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
      let wp = w + jb;
      let xp = x0;
      for (let i = 0; i < k; i++) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        let a = bcast(xp);
        c00 = fma(c00, a, w0); c01 = fma(c01, a, w1);
        a = bcast(xp + sx);
        c10 = fma(c10, a, w0); c11 = fma(c11, a, w1);
        a = bcast(xp + 2 * sx);
        c20 = fma(c20, a, w0); c21 = fma(c21, a, w1);
        a = bcast(xp + 3 * sx);
        c30 = fma(c30, a, w0); c31 = fma(c31, a, w1);
        wp += sw;
        xp += 4;
      }
      const op = o0 + jb;
      v128.store(op, act(c00, relu)); v128.store(op, act(c01, relu), 16);
      v128.store(op + so, act(c10, relu)); v128.store(op + so, act(c11, relu), 16);
      v128.store(op + 2 * so, act(c20, relu)); v128.store(op + 2 * so, act(c21, relu), 16);
      v128.store(op + 3 * so, act(c30, relu)); v128.store(op + 3 * so, act(c31, relu), 16);
    }
    for (; j < n; j += 4) {
      const jb = <usize>j << 2;
      let c0 = v128.load(b + jb);
      let c1 = c0, c2 = c0, c3 = c0;
      let wp = w + jb;
      let xp = x0;
      for (let i = 0; i < k; i++) {
        const w0 = v128.load(wp);
        c0 = fma(c0, bcast(xp), w0);
        c1 = fma(c1, bcast(xp + sx), w0);
        c2 = fma(c2, bcast(xp + 2 * sx), w0);
        c3 = fma(c3, bcast(xp + 3 * sx), w0);
        wp += sw;
        xp += 4;
      }
      const op = o0 + jb;
      v128.store(op, act(c0, relu));
      v128.store(op + so, act(c1, relu));
      v128.store(op + 2 * so, act(c2, relu));
      v128.store(op + 3 * so, act(c3, relu));
    }
  }
  for (; r < rows; r++) {
    const x0 = x + <usize>r * sx;
    const o0 = out + <usize>r * so;
    for (let j = 0; j < n; j += 4) {
      const jb = <usize>j << 2;
      let c0 = v128.load(b + jb);
      let wp = w + jb;
      for (let i = 0; i < k; i++) {
        c0 = fma(c0, bcast(x0 + (<usize>i << 2)), v128.load(wp));
        wp += sw;
      }
      v128.store(o0 + jb, act(c0, relu));
    }
  }
}

/**
 * dw[i, j] = Σ_{r<rows} h[r, i]·g[r, j] + c·w[i, j] for i < k, j < n (k, n multiples of 4).
 * c = 2·l2 adds the L2 penalty's gradient (0: none).
 */
export function gradW(h: usize, ldh: i32, g: usize, ldg: i32, w: usize, dw: usize, ldw: i32, rows: i32, k: i32, n: i32, c: f32): void {
  const sh = <usize>ldh << 2;
  const sg = <usize>ldg << 2;
  const sw = <usize>ldw << 2;
  const cv = f32x4.splat(c);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const jb = <usize>j << 2;
    for (let i = 0; i < k; i += 4) {
      let c00 = ZERO, c01 = ZERO, c10 = ZERO, c11 = ZERO, c20 = ZERO, c21 = ZERO, c30 = ZERO, c31 = ZERO;
      let hp = h + (<usize>i << 2);
      let gp = g + jb;
      for (let r = 0; r < rows; r++) {
        const g0 = v128.load(gp), g1 = v128.load(gp, 16);
        let a = v128.load32_splat(hp, 0);
        c00 = fma(c00, a, g0); c01 = fma(c01, a, g1);
        a = v128.load32_splat(hp, 4);
        c10 = fma(c10, a, g0); c11 = fma(c11, a, g1);
        a = v128.load32_splat(hp, 8);
        c20 = fma(c20, a, g0); c21 = fma(c21, a, g1);
        a = v128.load32_splat(hp, 12);
        c30 = fma(c30, a, g0); c31 = fma(c31, a, g1);
        hp += sh;
        gp += sg;
      }
      const wp = w + <usize>i * sw + jb;
      const dp = dw + <usize>i * sw + jb;
      v128.store(dp, fma(c00, cv, v128.load(wp))); v128.store(dp, fma(c01, cv, v128.load(wp, 16)), 16);
      v128.store(dp + sw, fma(c10, cv, v128.load(wp + sw))); v128.store(dp + sw, fma(c11, cv, v128.load(wp + sw, 16)), 16);
      v128.store(dp + 2 * sw, fma(c20, cv, v128.load(wp + 2 * sw))); v128.store(dp + 2 * sw, fma(c21, cv, v128.load(wp + 2 * sw, 16)), 16);
      v128.store(dp + 3 * sw, fma(c30, cv, v128.load(wp + 3 * sw))); v128.store(dp + 3 * sw, fma(c31, cv, v128.load(wp + 3 * sw, 16)), 16);
    }
  }
  for (; j < n; j += 4) {
    const jb = <usize>j << 2;
    for (let i = 0; i < k; i += 4) {
      let c0 = ZERO, c1 = ZERO, c2 = ZERO, c3 = ZERO;
      let hp = h + (<usize>i << 2);
      let gp = g + jb;
      for (let r = 0; r < rows; r++) {
        const g0 = v128.load(gp);
        c0 = fma(c0, v128.load32_splat(hp, 0), g0);
        c1 = fma(c1, v128.load32_splat(hp, 4), g0);
        c2 = fma(c2, v128.load32_splat(hp, 8), g0);
        c3 = fma(c3, v128.load32_splat(hp, 12), g0);
        hp += sh;
        gp += sg;
      }
      const wp = w + <usize>i * sw + jb;
      const dp = dw + <usize>i * sw + jb;
      v128.store(dp, fma(c0, cv, v128.load(wp)));
      v128.store(dp + sw, fma(c1, cv, v128.load(wp + sw)));
      v128.store(dp + 2 * sw, fma(c2, cv, v128.load(wp + 2 * sw)));
      v128.store(dp + 3 * sw, fma(c3, cv, v128.load(wp + 3 * sw)));
    }
  }
}

/** [Σ a0, Σ a1, Σ a2, Σ a3]: four horizontal sums in one vector. */
@inline function hsum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const p = f32x4.add(f32x4.shuffle(a0, a1, 0, 1, 4, 5), f32x4.shuffle(a0, a1, 2, 3, 6, 7));
  const q = f32x4.add(f32x4.shuffle(a2, a3, 0, 1, 4, 5), f32x4.shuffle(a2, a3, 2, 3, 6, 7));
  return f32x4.add(f32x4.shuffle(p, q, 0, 2, 4, 6), f32x4.shuffle(p, q, 1, 3, 5, 7));
}

/**
 * What is stored at dx[r, i..i+3]: the new value v (plus the old one when `accumulate`), then,
 * when `mask` is set, times `scale` where mask[r, i] > 0 and 0 elsewhere: the gradient through
 * the lower layer's ReLU and inverted dropout, read off its stored output (> 0 exactly where the
 * unit was active and kept).
 */
@inline function finishDx(v: v128, p: usize, accumulate: bool, m: usize, scale: v128): void {
  let o = accumulate ? f32x4.add(v128.load(p), v) : v;
  if (m != 0) o = v128.and(f32x4.gt(v128.load(m), ZERO), f32x4.mul(o, scale));
  v128.store(p, o);
}

/**
 * dx[r, i] = Σ_{j<n} g[r, j]·w[i, j] for r < rows, i < k (k, n multiples of 4), finished by
 * finishDx (mask = 0: no mask).
 */
export function gradX(g: usize, ldg: i32, w: usize, ldw: i32, dx: usize, ldx: i32, rows: i32, k: i32, n: i32, accumulate: bool, mask: usize, ldm: i32, scale: f32): void {
  const sg = <usize>ldg << 2;
  const sw = <usize>ldw << 2;
  const sx = <usize>ldx << 2;
  const sm = <usize>ldm << 2;
  const sv = f32x4.splat(scale);
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const g0 = g + <usize>r * sg;
    for (let i = 0; i < k; i += 4) {
      let a00 = ZERO, a01 = ZERO, a02 = ZERO, a03 = ZERO, a10 = ZERO, a11 = ZERO, a12 = ZERO, a13 = ZERO;
      const w0 = w + <usize>i * sw;
      for (let j = 0; j < n; j += 4) {
        const jb = <usize>j << 2;
        const u = v128.load(g0 + jb), v = v128.load(g0 + sg + jb);
        const p0 = v128.load(w0 + jb), p1 = v128.load(w0 + sw + jb), p2 = v128.load(w0 + 2 * sw + jb), p3 = v128.load(w0 + 3 * sw + jb);
        a00 = fma(a00, u, p0); a01 = fma(a01, u, p1); a02 = fma(a02, u, p2); a03 = fma(a03, u, p3);
        a10 = fma(a10, v, p0); a11 = fma(a11, v, p1); a12 = fma(a12, v, p2); a13 = fma(a13, v, p3);
      }
      const ib = <usize>i << 2;
      const p = dx + <usize>r * sx + ib;
      const m: usize = mask == 0 ? <usize>0 : mask + <usize>r * sm + ib;
      finishDx(hsum4(a00, a01, a02, a03), p, accumulate, m, sv);
      finishDx(hsum4(a10, a11, a12, a13), p + sx, accumulate, m == 0 ? <usize>0 : m + sm, sv);
    }
  }
  for (; r < rows; r++) {
    const g0 = g + <usize>r * sg;
    for (let i = 0; i < k; i += 4) {
      let a0 = ZERO, a1 = ZERO, a2 = ZERO, a3 = ZERO;
      const w0 = w + <usize>i * sw;
      for (let j = 0; j < n; j += 4) {
        const jb = <usize>j << 2;
        const u = v128.load(g0 + jb);
        a0 = fma(a0, u, v128.load(w0 + jb));
        a1 = fma(a1, u, v128.load(w0 + sw + jb));
        a2 = fma(a2, u, v128.load(w0 + 2 * sw + jb));
        a3 = fma(a3, u, v128.load(w0 + 3 * sw + jb));
      }
      const ib = <usize>i << 2;
      finishDx(hsum4(a0, a1, a2, a3), dx + <usize>r * sx + ib, accumulate, mask == 0 ? <usize>0 : mask + <usize>r * sm + ib, sv);
    }
  }
}

/** db[j] = Σ_{r<rows} g[r, j] for j < n. */
export function gradB(g: usize, ldg: i32, db: usize, rows: i32, n: i32): void {
  const sg = <usize>ldg << 2;
  for (let j = 0; j < n; j += 4) {
    const jb = <usize>j << 2;
    let s = ZERO;
    let gp = g + jb;
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(gp));
      gp += sg;
    }
    v128.store(db + jb, s);
  }
}

/** murmur3's 32-bit finaliser on four lanes. */
@inline function fmix(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x85ebca6b));
  x = v128.xor(x, i32x4.shr_u(x, 13));
  x = i32x4.mul(x, i32x4.splat(0xc2b2ae35));
  return v128.xor(x, i32x4.shr_u(x, 16));
}

/**
 * Inverted dropout in place: h[r, j] *= scale where the unit is kept, 0 elsewhere, for r < rows,
 * j < n. Unit (r, j) is kept when the top 24 bits of a counter-based hash of (seed, r·ld + j)
 * fall below `keep24` (= round(keep · 2²⁴)): the mask is a pure function of the seed and the
 * position, so it needs no state and no storage.
 */
export function dropout(h: usize, ld: i32, rows: i32, n: i32, seed: i32, seed2: i32, keep24: i32, scale: f32): void {
  const sv = f32x4.splat(scale);
  const golden = i32x4.splat(0x9e3779b1);
  const s1 = i32x4.splat(seed);
  const s2 = i32x4.splat(seed2);
  const thr = i32x4.splat(keep24);
  const lanes = i32x4(0, 1, 2, 3);
  for (let r = 0; r < rows; r++) {
    const row = h + (<usize>(r * ld) << 2);
    for (let j = 0; j < n; j += 4) {
      const idx = i32x4.add(i32x4.splat(r * ld + j), lanes);
      const u = fmix(i32x4.add(fmix(v128.xor(i32x4.mul(idx, golden), s1)), s2));
      const keep = i32x4.lt_s(i32x4.shr_u(u, 8), thr);
      const p = row + (<usize>j << 2);
      v128.store(p, v128.and(keep, f32x4.mul(v128.load(p), sv)));
    }
  }
}

/**
 * Adam over `count` values (a multiple of 4), in place:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  w ← w − rate·m / (√v + eps),
 * with rate = lr·√(1−β2ᵗ)/(1−β1ᵗ) and eps = ε·√(1−β2ᵗ): tf.train.adam's bias-corrected update
 * with two divisions per weight folded into the two scalars.
 */
export function adam(w: usize, g: usize, m: usize, v: usize, count: i32, rate: f32, eps: f32, beta1: f32, beta2: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const rv = f32x4.splat(rate), ev = f32x4.splat(eps);
  const end = <usize>count << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gi, gi)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(rv, mi), f32x4.add(f32x4.sqrt(vi), ev));
    v128.store(w + o, f32x4.sub(v128.load(w + o), step));
  }
}

/** Plain SGD over `count` values (a multiple of 4): w ← w − lr·g. */
export function sgd(w: usize, g: usize, count: i32, lr: f32): void {
  const lv = f32x4.splat(lr);
  const end = <usize>count << 2;
  for (let o: usize = 0; o < end; o += 16) {
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(lv, v128.load(g + o))));
  }
}
