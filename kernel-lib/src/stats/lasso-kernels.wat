;; The LASSO solver's two hot loops (stats/lasso.ts), a dot product and r ← r − d·x, in
;; WebAssembly SIMD (f64x2). Assembled by wabt (scripts/build-wasm.mjs) into
;; lasso-kernels.wasm.ts; stats/simd-kernels.ts loads it and keeps a JavaScript twin that a test
;; holds bit-identical.
;;
;; Summation order, the same in both versions so that a fit gives identical numbers with or
;; without SIMD (and the glmnet tests hold for both): four partial sums s0…s3 over elements
;; i ≡ 0…3 (mod 4), kept as two f64x2 accumulators p = (s0, s1) and q = (s2, s3); the tail
;; (n mod 4 elements) added to s0; then (s0 + s1) + (s2 + s3). No fused multiply-add.
;;
;; Pointers and the index $i are byte offsets into the imported memory (f64: 8 bytes).
(module
  (import "env" "memory" (memory 1))

  ;; Σ a[k]·b[k], k < n.
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32)
    (local $p v128) (local $q v128)
    (local $s0 f64)
    ;; four elements (32 bytes) a step while a whole group of four is left
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (local.set $p (v128.const i64x2 0 0))
    (local.set $q (v128.const i64x2 0 0))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $p
          (f64x2.add (local.get $p)
            (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $i)))
                       (v128.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $q
          (f64x2.add (local.get $q)
            (f64x2.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $i)))
                       (v128.load offset=16 (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $group)))
    ;; the tail, one element at a time, into s0
    (local.set $s0 (f64x2.extract_lane 0 (local.get $p)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $element
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $s0
          (f64.add (local.get $s0)
            (f64.mul (f64.load (i32.add (local.get $a) (local.get $i)))
                     (f64.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $element)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $p)))
      (f64.add (f64x2.extract_lane 0 (local.get $q)) (f64x2.extract_lane 1 (local.get $q)))))

  ;; y[k] ← y[k] − d·x[k], k < n (two elements a step, then the odd one).
  (func (export "axpy") (param $y i32) (param $x i32) (param $n i32) (param $d f64)
    (local $i i32) (local $end i32)
    (local $dd v128)
    (local.set $dd (f64x2.splat (local.get $d)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $y) (local.get $i))
          (f64x2.sub (v128.load (i32.add (local.get $y) (local.get $i)))
                     (f64x2.mul (local.get $dd) (v128.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $i) (i32.shl (local.get $n) (i32.const 3)))
      (then
        (f64.store (i32.add (local.get $y) (local.get $i))
          (f64.sub (f64.load (i32.add (local.get $y) (local.get $i)))
                   (f64.mul (local.get $d) (f64.load (i32.add (local.get $x) (local.get $i)))))))))

  ;; vx[k] = v[k]·x[k] stored; returns Σ vx[k]·x[k], k < n, summed in dot's order.
  (func (export "weighted") (param $vx i32) (param $v i32) (param $x i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32)
    (local $p v128) (local $q v128) (local $t v128)
    (local $s0 f64) (local $ts f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (local.set $p (v128.const i64x2 0 0))
    (local.set $q (v128.const i64x2 0 0))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $vx) (local.get $i))
          (local.tee $t
            (f64x2.mul (v128.load (i32.add (local.get $v) (local.get $i)))
                       (v128.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $p
          (f64x2.add (local.get $p)
            (f64x2.mul (local.get $t) (v128.load (i32.add (local.get $x) (local.get $i))))))
        (v128.store offset=16 (i32.add (local.get $vx) (local.get $i))
          (local.tee $t
            (f64x2.mul (v128.load offset=16 (i32.add (local.get $v) (local.get $i)))
                       (v128.load offset=16 (i32.add (local.get $x) (local.get $i))))))
        (local.set $q
          (f64x2.add (local.get $q)
            (f64x2.mul (local.get $t) (v128.load offset=16 (i32.add (local.get $x) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $group)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $p)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $element
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (f64.store (i32.add (local.get $vx) (local.get $i))
          (local.tee $ts
            (f64.mul (f64.load (i32.add (local.get $v) (local.get $i)))
                     (f64.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $s0
          (f64.add (local.get $s0)
            (f64.mul (local.get $ts) (f64.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $element)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $p)))
      (f64.add (f64x2.extract_lane 0 (local.get $q)) (f64x2.extract_lane 1 (local.get $q))))))
