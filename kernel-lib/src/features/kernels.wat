;; The hottest loops of one case's feature extraction, in WebAssembly. Assembled by wabt
;; (scripts/build-wasm.mjs) into kernels.wasm.ts; features/wasm-kernels.ts loads it. Each function
;; has a JavaScript twin (named below) that tests keep bit-identical; RADLAB_NO_WASM=1 uses the
;; twins.
;;
;; Why WebAssembly: `radlab extract` runs one case per process, and JavaScript runs its loops in
;; the interpreter until V8's optimising compiler has compiled them, while WebAssembly is compiled
;; at load (Liftoff, < 1 ms) and runs at compiled speed from the first voxel.
;;
;; Conventions: every array lives in the imported memory and is passed as a byte offset; Int32
;; arrays are addressed as base + 4·index (`i32.shl index 2`), Float64 as base + 8·index.
(module
  (import "env" "memory" (memory 1))

  ;; Pair counts and runs of one offset (texture-block.ts countDense).
  ;; For each ROI voxel r (roi[r]: its index on the padded grid, roiLevels[r]: its level g):
  ;; pairs[g·w + next] += 1, with next the level one `step` ahead; the run through r grows by one
  ;; when the voxel one step behind has the same level (runLength carries it), and a run is
  ;; counted at runs[g·rw + length] where it ends (next ≠ g).
  (func (export "countDense")
    (param $levels i32) (param $roi i32) (param $roiLevels i32) (param $n i32) (param $step i32)
    (param $pairs i32) (param $w i32) (param $runs i32) (param $rw i32) (param $runLength i32)
    (local $r i32) (local $p i32) (local $g i32) (local $next i32) (local $length i32)
    (local $cell i32) (local $end i32)
    ;; $r, $p and $step are byte offsets from here on
    (local.set $step (i32.shl (local.get $step) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $voxel
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $p (i32.shl (i32.load (i32.add (local.get $roi) (local.get $r))) (i32.const 2)))
        (local.set $g (i32.load (i32.add (local.get $roiLevels) (local.get $r))))
        (local.set $next (i32.load (i32.add (i32.add (local.get $levels) (local.get $p)) (local.get $step))))
        ;; pairs[g·w + next] += 1
        (i32.store
          (local.tee $cell
            (i32.add (local.get $pairs)
              (i32.shl (i32.add (i32.mul (local.get $g) (local.get $w)) (local.get $next)) (i32.const 2))))
          (i32.add (i32.load (local.get $cell)) (i32.const 1)))
        ;; length = level behind == g ? runLength behind + 1 : 1
        (local.set $length
          (select
            (i32.add (i32.load (i32.sub (i32.add (local.get $runLength) (local.get $p)) (local.get $step)))
                     (i32.const 1))
            (i32.const 1)
            (i32.eq (i32.load (i32.sub (i32.add (local.get $levels) (local.get $p)) (local.get $step)))
                    (local.get $g))))
        (i32.store (i32.add (local.get $runLength) (local.get $p)) (local.get $length))
        ;; runs[g·rw + length] += (the run ends here)
        (i32.store
          (local.tee $cell
            (i32.add (local.get $runs)
              (i32.shl (i32.add (i32.mul (local.get $g) (local.get $rw)) (local.get $length)) (i32.const 2))))
          (i32.add (i32.load (local.get $cell)) (i32.ne (local.get $next) (local.get $g))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $voxel))))

  ;; Zones and neighbour counts (zones.ts scanNeighbourhoods); returns the number of zones.
  ;; Zones are the connected sets of equal level (26-connectivity through the 13 backward
  ;; neighbour steps in `backward`), found by union–find over ROI ranks with path halving, the
  ;; root being the lowest rank. Per ROI voxel: neighbours in the ROI (inRoi), of the same level
  ;; (sameLevel), and the sum of their levels (levelSum); each pair is counted from both sides.
  (func (export "scanNeighbourhoods")
    (param $levels i32) (param $roi i32) (param $n i32) (param $rank i32) (param $backward i32)
    (param $parent i32) (param $inRoi i32) (param $sameLevel i32) (param $levelSum i32)
    (param $zoneOf i32) (param $zoneLevel i32) (param $zoneSize i32) (result i32)
    (local $r i32) (local $v i32) (local $g i32) (local $rootR i32) (local $a i32) (local $w i32)
    (local $h i32) (local $q i32) (local $rootQ i32) (local $cell i32) (local $count i32)
    (local $neighbours i32) (local $same i32) (local $sum i32)
    ;; rank[roi[r]] = r
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (i32.store
          (i32.add (local.get $rank)
            (i32.shl (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))
          (local.get $r))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    ;; each ROI voxel against its 13 backward neighbours
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (i32.store (i32.add (local.get $parent) (i32.shl (local.get $r) (i32.const 2))) (local.get $r))
        (local.set $rootR (local.get $r))
        (local.set $v (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $g (i32.load (i32.add (local.get $levels) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $neighbours (i32.const 0))
        (local.set $same (i32.const 0))
        (local.set $sum (i32.const 0))
        (local.set $a (i32.const 0))
        (block $doneNeighbours
          (loop $neighbour
            (br_if $doneNeighbours (i32.ge_u (local.get $a) (i32.const 13)))
            (local.set $w
              (i32.add (local.get $v)
                (i32.load (i32.add (local.get $backward) (i32.shl (local.get $a) (i32.const 2))))))
            (if (local.tee $h (i32.load (i32.add (local.get $levels) (i32.shl (local.get $w) (i32.const 2)))))
              (then
                ;; the neighbour (rank q) is in the ROI: count the pair from both sides
                (local.set $q (i32.load (i32.add (local.get $rank) (i32.shl (local.get $w) (i32.const 2)))))
                (local.set $neighbours (i32.add (local.get $neighbours) (i32.const 1)))
                (i32.store
                  (local.tee $cell (i32.add (local.get $inRoi) (i32.shl (local.get $q) (i32.const 2))))
                  (i32.add (i32.load (local.get $cell)) (i32.const 1)))
                (local.set $sum (i32.add (local.get $sum) (local.get $h)))
                (i32.store
                  (local.tee $cell (i32.add (local.get $levelSum) (i32.shl (local.get $q) (i32.const 2))))
                  (i32.add (i32.load (local.get $cell)) (local.get $g)))
                (if (i32.eq (local.get $h) (local.get $g))
                  (then
                    (local.set $same (i32.add (local.get $same) (i32.const 1)))
                    (i32.store
                      (local.tee $cell (i32.add (local.get $sameLevel) (i32.shl (local.get $q) (i32.const 2))))
                      (i32.add (i32.load (local.get $cell)) (i32.const 1)))
                    ;; rootQ = find(q), with path halving
                    (local.set $rootQ (local.get $q))
                    (block $found
                      (loop $up
                        (br_if $found
                          (i32.eq
                            (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2))))
                            (local.get $rootQ)))
                        (i32.store (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2)))
                          (i32.load (i32.add (local.get $parent)
                            (i32.shl
                              (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2))))
                              (i32.const 2)))))
                        (local.set $rootQ
                          (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2)))))
                        (br $up)))
                    ;; union: the lower root becomes the parent of the higher
                    (if (i32.lt_s (local.get $rootQ) (local.get $rootR))
                      (then
                        (i32.store (i32.add (local.get $parent) (i32.shl (local.get $rootR) (i32.const 2)))
                          (local.get $rootQ))
                        (local.set $rootR (local.get $rootQ)))
                      (else
                        (if (i32.lt_s (local.get $rootR) (local.get $rootQ))
                          (then
                            (i32.store (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2)))
                              (local.get $rootR))))))))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $neighbour)))
        ;; r's own counts start from its backward neighbours (the arrays were zero)
        (i32.store (i32.add (local.get $inRoi) (i32.shl (local.get $r) (i32.const 2))) (local.get $neighbours))
        (i32.store (i32.add (local.get $sameLevel) (i32.shl (local.get $r) (i32.const 2))) (local.get $same))
        (i32.store (i32.add (local.get $levelSum) (i32.shl (local.get $r) (i32.const 2))) (local.get $sum))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    ;; number the zones in rank order of their roots; count their voxels
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $rootQ (local.get $r))
        (block $found
          (loop $up
            (br_if $found
              (i32.eq
                (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2))))
                (local.get $rootQ)))
            (i32.store (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2)))
              (i32.load (i32.add (local.get $parent)
                (i32.shl
                  (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2))))
                  (i32.const 2)))))
            (local.set $rootQ
              (i32.load (i32.add (local.get $parent) (i32.shl (local.get $rootQ) (i32.const 2)))))
            (br $up)))
        (if (i32.eq (local.get $rootQ) (local.get $r))
          (then
            ;; a root: a new zone, with r's level
            (i32.store (i32.add (local.get $zoneOf) (i32.shl (local.get $r) (i32.const 2))) (local.get $count))
            (i32.store (i32.add (local.get $zoneLevel) (i32.shl (local.get $count) (i32.const 2)))
              (i32.load (i32.add (local.get $levels)
                (i32.shl (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))))
            (local.set $count (i32.add (local.get $count) (i32.const 1))))
          (else
            (i32.store (i32.add (local.get $zoneOf) (i32.shl (local.get $r) (i32.const 2)))
              (i32.load (i32.add (local.get $zoneOf) (i32.shl (local.get $rootQ) (i32.const 2)))))))
        (i32.store
          (local.tee $cell
            (i32.add (local.get $zoneSize)
              (i32.shl (i32.load (i32.add (local.get $zoneOf) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2))))
          (i32.add (i32.load (local.get $cell)) (i32.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    (local.get $count))

  ;; The cube pass of the shape family's marching cubes (mesh.ts meshMeasures) over the padded
  ;; mask m (one byte a voxel; rows of px bytes, slices of sz = px·py). For each cube whose eight
  ;; corners are not all alike (configuration 1…254): count[config] += 1 and
  ;; origin[3·config + (0, 1, 2)] += (i, j, k), both f64 (the same additions as the JavaScript),
  ;; and the vertices on the cube's three lower edges widen the row extremes lo/hi (doubled
  ;; coordinates: row 2k·rows + 2j holds the doubled x). rowFirst/rowLast bound the ROI in each
  ;; (j, k) row (last < 0: empty), so only the cubes that can touch the ROI are visited.
  (func (export "cubeScan")
    (param $m i32) (param $px i32) (param $py i32) (param $pz i32) (param $rowFirst i32)
    (param $rowLast i32) (param $count i32) (param $origin i32) (param $lo i32) (param $hi i32)
    (param $rows i32)
    (local $k i32) (local $j i32) (local $r i32) (local $first i32) (local $last i32) (local $n i32)
    (local $left i32) (local $right i32) (local $config i32) (local $i i32) (local $inside i32)
    (local $cell i32) (local $x i32) (local $t i32) (local $sz i32) (local $a i32) (local $kEnd i32)
    (local $jEnd i32)
    (local.set $sz (i32.mul (local.get $px) (local.get $py)))
    (local.set $kEnd (i32.sub (local.get $pz) (i32.const 1)))
    (local.set $jEnd (i32.sub (local.get $py) (i32.const 1)))
    (local.set $k (i32.const 0))
    (block $doneK
      (loop $slice
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $kEnd)))
        (local.set $j (i32.const 0))
        (block $doneJ
          (loop $row
            (br_if $doneJ (i32.ge_u (local.get $j) (local.get $jEnd)))
            ;; the cubes of row (j, k) touch rows r, r + 1, r + py, r + py + 1: x from the least
            ;; first to the greatest last of the four
            (local.set $r (i32.add (local.get $j) (i32.mul (local.get $py) (local.get $k))))
            (local.set $first (i32.load (i32.add (local.get $rowFirst) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $last (i32.load (i32.add (local.get $rowLast) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $first
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowFirst)
                  (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
                (local.get $first)
                (i32.lt_s (local.get $t) (local.get $first))))
            (local.set $first
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowFirst)
                  (i32.shl (i32.add (local.get $r) (local.get $py)) (i32.const 2)))))
                (local.get $first)
                (i32.lt_s (local.get $t) (local.get $first))))
            (local.set $first
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowFirst)
                  (i32.shl (i32.add (local.get $r) (i32.add (local.get $py) (i32.const 1))) (i32.const 2)))))
                (local.get $first)
                (i32.lt_s (local.get $t) (local.get $first))))
            (local.set $last
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowLast)
                  (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
                (local.get $last)
                (i32.gt_s (local.get $t) (local.get $last))))
            (local.set $last
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowLast)
                  (i32.shl (i32.add (local.get $r) (local.get $py)) (i32.const 2)))))
                (local.get $last)
                (i32.gt_s (local.get $t) (local.get $last))))
            (local.set $last
              (select
                (local.tee $t (i32.load (i32.add (local.get $rowLast)
                  (i32.shl (i32.add (local.get $r) (i32.add (local.get $py) (i32.const 1))) (i32.const 2)))))
                (local.get $last)
                (i32.gt_s (local.get $t) (local.get $last))))
            (if (i32.ge_s (local.get $last) (i32.const 0))
              (then
                (local.set $i (i32.sub (local.get $first) (i32.const 1)))
                (local.set $n
                  (i32.add (i32.add (local.get $i) (i32.mul (local.get $px) (local.get $j)))
                           (i32.mul (local.get $sz) (local.get $k))))
                ;; the cube's left face: corner bits 0, 2, 4, 6
                (local.set $left
                  (i32.or
                    (i32.or
                      (i32.or
                        (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n)) (i32.const 0)))
                        (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n)) (local.get $px)))
                                 (i32.const 2)))
                      (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n)) (local.get $sz)))
                               (i32.const 4)))
                    (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n))
                                                   (i32.add (local.get $sz) (local.get $px))))
                             (i32.const 6))))
                (block $doneI
                  (loop $cube
                    (br_if $doneI (i32.gt_s (local.get $i) (local.get $last)))
                    ;; the right face: corner bits 1, 3, 5, 7; it is the next cube's left face
                    (local.set $right
                      (i32.or
                        (i32.or
                          (i32.or
                            (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n)) (i32.const 1)))
                                     (i32.const 1))
                            (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n))
                                                           (i32.add (local.get $px) (i32.const 1))))
                                     (i32.const 3)))
                          (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n))
                                                         (i32.add (local.get $sz) (i32.const 1))))
                                   (i32.const 5)))
                        (i32.shl (i32.load8_u (i32.add (i32.add (local.get $m) (local.get $n))
                                                       (i32.add (i32.add (local.get $sz) (local.get $px)) (i32.const 1))))
                                 (i32.const 7))))
                    (local.set $config (i32.or (local.get $left) (local.get $right)))
                    (local.set $left (i32.shr_u (local.get $right) (i32.const 1)))
                    ;; config ∉ {0, 255}, as one unsigned comparison
                    (if (i32.lt_u (i32.sub (local.get $config) (i32.const 1)) (i32.const 254))
                      (then
                        (local.set $a (i32.add (local.get $count) (i32.shl (local.get $config) (i32.const 3))))
                        (f64.store (local.get $a)
                          (f64.add (f64.load (local.get $a)) (f64.convert_i32_s (i32.const 1))))
                        (local.set $a (i32.add (local.get $origin) (i32.mul (local.get $config) (i32.const 24))))
                        (f64.store (local.get $a)
                          (f64.add (f64.load (local.get $a)) (f64.convert_i32_s (local.get $i))))
                        (f64.store offset=8 (local.get $a)
                          (f64.add (f64.load offset=8 (local.get $a)) (f64.convert_i32_s (local.get $j))))
                        (f64.store offset=16 (local.get $a)
                          (f64.add (f64.load offset=16 (local.get $a)) (f64.convert_i32_s (local.get $k))))
                        ;; a vertex on each lower edge whose far corner differs from corner 0
                        (local.set $inside (i32.and (local.get $config) (i32.const 1)))
                        ;; the x edge: row (2k, 2j), doubled x 2i + 1
                        (if (i32.ne (i32.and (i32.shr_u (local.get $config) (i32.const 1)) (i32.const 1))
                                    (local.get $inside))
                          (then
                            (local.set $cell
                              (i32.add (i32.mul (i32.shl (local.get $k) (i32.const 1)) (local.get $rows))
                                       (i32.shl (local.get $j) (i32.const 1))))
                            (local.set $x (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
                            ;; extend(cell, x): lo[cell] = min(lo[cell], x), hi[cell] = max(hi[cell], x)
                            (if (i32.lt_s (local.get $x) (i32.load (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))
                            (if (i32.gt_s (local.get $x) (i32.load (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))))
                        ;; the y edge: row (2k, 2j + 1), doubled x 2i
                        (if (i32.ne (i32.and (i32.shr_u (local.get $config) (i32.const 2)) (i32.const 1))
                                    (local.get $inside))
                          (then
                            (local.set $cell
                              (i32.add
                                (i32.add (i32.mul (i32.shl (local.get $k) (i32.const 1)) (local.get $rows))
                                         (i32.shl (local.get $j) (i32.const 1)))
                                (i32.const 1)))
                            (local.set $x (i32.shl (local.get $i) (i32.const 1)))
                            ;; extend(cell, x): lo[cell] = min(lo[cell], x), hi[cell] = max(hi[cell], x)
                            (if (i32.lt_s (local.get $x) (i32.load (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))
                            (if (i32.gt_s (local.get $x) (i32.load (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))))
                        ;; the z edge: row (2k + 1, 2j), doubled x 2i
                        (if (i32.ne (i32.and (i32.shr_u (local.get $config) (i32.const 4)) (i32.const 1))
                                    (local.get $inside))
                          (then
                            (local.set $cell
                              (i32.add
                                (i32.mul (i32.add (i32.shl (local.get $k) (i32.const 1)) (i32.const 1)) (local.get $rows))
                                (i32.shl (local.get $j) (i32.const 1))))
                            (local.set $x (i32.shl (local.get $i) (i32.const 1)))
                            ;; extend(cell, x): lo[cell] = min(lo[cell], x), hi[cell] = max(hi[cell], x)
                            (if (i32.lt_s (local.get $x) (i32.load (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $lo) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))
                            (if (i32.gt_s (local.get $x) (i32.load (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2)))))
                              (then (i32.store (i32.add (local.get $hi) (i32.shl (local.get $cell) (i32.const 2))) (local.get $x))))))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br $cube)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $row)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slice))))

  ;; City-block distance of each ROI voxel to the ROI border (zones.ts borderDistance), by two
  ;; sweeps: forward over the ROI in ascending order (neighbours −1, −sy, −sz), then backward
  ;; (+1, +sy, +sz). d: a zeroed array over the padded grid (so outside voxels are at 0); roi
  ;; ascending; far: a distance larger than any in the grid. distance[r]: the result per ROI voxel.
  (func (export "borderDistance")
    (param $roi i32) (param $n i32) (param $d i32) (param $distance i32) (param $sy i32)
    (param $sz i32) (param $far i32)
    (local $r i32) (local $v i32) (local $m i32) (local $t i32)
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (i32.store
          (i32.add (local.get $d)
            (i32.shl (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))
          (local.get $far))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    ;; forward sweep: m = min(d[v], d[v − 1] + 1, d[v − sy] + 1, d[v − sz] + 1)
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $v (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $m (i32.load (i32.add (local.get $d) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (i32.sub (i32.const 0) (i32.const 1))) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (i32.sub (i32.const 0) (local.get $sy))) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (i32.sub (i32.const 0) (local.get $sz))) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (i32.store (i32.add (local.get $d) (i32.shl (local.get $v) (i32.const 2))) (local.get $m))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    ;; backward sweep, r from n − 1 down to 0: the same with +1, +sy, +sz; the result is final
    (local.set $r (local.get $n))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $r)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (local.set $v (i32.load (i32.add (local.get $roi) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $m (i32.load (i32.add (local.get $d) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (local.get $sy)) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (local.set $m
          (select
            (local.tee $t
              (i32.add
                (i32.load (i32.add (local.get $d)
                  (i32.shl (i32.add (local.get $v) (local.get $sz)) (i32.const 2))))
                (i32.const 1)))
            (local.get $m)
            (i32.lt_s (local.get $t) (local.get $m))))
        (i32.store (i32.add (local.get $d) (i32.shl (local.get $v) (i32.const 2))) (local.get $m))
        (i32.store (i32.add (local.get $distance) (i32.shl (local.get $r) (i32.const 2))) (local.get $m))
        (br $each))))

  ;; levels (nx·ny·nz) copied into a grid padded by `pad` zero voxels on every side, the voxels of
  ;; level ≠ 0 listed (their padded index in roi, their level in roiLevels), as texture-block.ts
  ;; padLevels; returns their count.
  (func (export "padLevels")
    (param $levels i32) (param $nx i32) (param $ny i32) (param $nz i32) (param $pad i32)
    (param $out i32) (param $roi i32) (param $roiLevels i32) (result i32)
    (local $px i32) (local $py i32) (local $n i32) (local $p i32) (local $count i32) (local $g i32)
    (local $i i32) (local $j i32) (local $k i32)
    (local.set $px (i32.add (local.get $nx) (i32.shl (local.get $pad) (i32.const 1))))
    (local.set $py (i32.add (local.get $ny) (i32.shl (local.get $pad) (i32.const 1))))
    (local.set $k (i32.const 0))
    (block $doneK
      (loop $slice
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $nz)))
        (local.set $j (i32.const 0))
        (block $doneJ
          (loop $row
            (br_if $doneJ (i32.ge_u (local.get $j) (local.get $ny)))
            ;; p = pad + px·(pad + j + py·(pad + k)): the row's first voxel on the padded grid
            (local.set $p
              (i32.add (local.get $pad)
                (i32.mul (local.get $px)
                  (i32.add (i32.add (local.get $pad) (local.get $j))
                           (i32.mul (local.get $py) (i32.add (local.get $pad) (local.get $k)))))))
            (local.set $i (i32.const 0))
            (block $doneI
              (loop $voxel
                (br_if $doneI (i32.ge_u (local.get $i) (local.get $nx)))
                (if (local.tee $g (i32.load (i32.add (local.get $levels) (i32.shl (local.get $n) (i32.const 2)))))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (local.get $g))
                    (i32.store (i32.add (local.get $roi) (i32.shl (local.get $count) (i32.const 2))) (local.get $p))
                    (i32.store (i32.add (local.get $roiLevels) (i32.shl (local.get $count) (i32.const 2))) (local.get $g))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $voxel)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $row)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slice)))
    (local.get $count))

  ;; The second pass of stat.ts momentsOf over n sorted doubles x, with d = x − mean: Σ d², Σ d³,
  ;; Σ d⁴, Σ |d|, Σ |x − median|, Σ |x − robustMean| over the indices lo…hi, Σ x²; stored at
  ;; out[0…6] (f64). The same additions in the same order as the JavaScript, so the same doubles.
  (func (export "momentSums")
    (param $x i32) (param $n i32) (param $lo i32) (param $hi i32) (param $mean f64)
    (param $median f64) (param $robustMean f64) (param $out i32)
    (local $r i32)
    (local $v f64) (local $d f64) (local $d2 f64) (local $m2 f64) (local $m3 f64) (local $m4 f64)
    (local $absMean f64) (local $absMedian f64) (local $absRobust f64) (local $squares f64)
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $v (f64.load (i32.add (local.get $x) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $d (f64.sub (local.get $v) (local.get $mean)))
        (local.set $d2 (f64.mul (local.get $d) (local.get $d)))
        (local.set $m2 (f64.add (local.get $m2) (local.get $d2)))
        (local.set $m3 (f64.add (local.get $m3) (f64.mul (local.get $d2) (local.get $d))))
        (local.set $m4 (f64.add (local.get $m4) (f64.mul (local.get $d2) (local.get $d2))))
        (local.set $absMean (f64.add (local.get $absMean) (f64.abs (local.get $d))))
        (local.set $absMedian
          (f64.add (local.get $absMedian) (f64.abs (f64.sub (local.get $v) (local.get $median)))))
        (if (i32.and (i32.ge_s (local.get $r) (local.get $lo)) (i32.le_s (local.get $r) (local.get $hi)))
          (then
            (local.set $absRobust
              (f64.add (local.get $absRobust) (f64.abs (f64.sub (local.get $v) (local.get $robustMean)))))))
        (local.set $squares (f64.add (local.get $squares) (f64.mul (local.get $v) (local.get $v))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    (f64.store (local.get $out) (local.get $m2))
    (f64.store offset=8 (local.get $out) (local.get $m3))
    (f64.store offset=16 (local.get $out) (local.get $m4))
    (f64.store offset=24 (local.get $out) (local.get $absMean))
    (f64.store offset=32 (local.get $out) (local.get $absMedian))
    (f64.store offset=40 (local.get $out) (local.get $absRobust))
    (f64.store offset=48 (local.get $out) (local.get $squares))))
