/**
 * The hottest loops of a case as a small WebAssembly module: GLCM/GLRLM counting
 * (texture-block.ts countDense), the zone / neighbour-count pass and the border distances
 * (zones.ts scanNeighbourhoods, borderDistance), the padded level grids (texture-block.ts
 * padLevels, zones.ts padByOne), the marching-cubes pass of the shape family (mesh.ts
 * meshMeasures) and the moment sums of stat and hist (stat.ts momentsOf). `radlab extract` runs one case per process: JavaScript runs its loops
 * in the interpreter until V8's optimising compiler has compiled them (on a busy 2-core machine,
 * much of the case), while WebAssembly is compiled at load (Liftoff, < 1 ms) and runs at
 * compiled speed from the first voxel. Measured in a fresh process on the NPC-sized case
 * (37 000 ROI voxels): counting the 39 directions ~13 ms instead of ~45 ms, the zone pass
 * ~8 ms instead of ~20 ms, the border distances ~2 ms instead of ~9; with the cube pass,
 * meshMeasures ~24 ms instead of ~32.
 *
 * The JavaScript loops stay, computing the same integers: they are used where WebAssembly is
 * missing, when the arrays do not fit in a WebAssembly memory, or with RADLAB_NO_WASM=1; a test
 * checks that both give identical results.
 *
 * The module is encoded below from this text (all arrays are Int32, at byte offsets; a[i] is
 * the i32 at a + 4·i), and kept as bytes (MODULE_BASE64, checked against the encoder by a test)
 * so that a process does not pay for encoding it:
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     ;; pair counts and runs of one offset, as texture-block.ts countDense
 *     (func (export "countDense")
 *       (param $levels i32) (param $roi i32) (param $roiLevels i32) (param $n i32) (param $step i32)
 *       (param $pairs i32) (param $w i32) (param $runs i32) (param $rw i32) (param $runLength i32)
 *       (local $r i32) (local $p i32) (local $g i32) (local $next i32) (local $length i32)
 *       (local $cell i32) (local $end i32)
 *       step = step·4;  end = n·4            ;; r, p, step: byte offsets
 *       loop while r < end:
 *         p = roi[r]·4;  g = roiLevels[r];  next = levels[p + step]
 *         cell = pairs + (g·w + next)·4;  mem[cell] += 1
 *         length = levels[p − step] == g ? runLength[p − step] + 1 : 1;  runLength[p] = length
 *         cell = runs + (g·rw + length)·4;  mem[cell] += (next != g)
 *         r += 4)
 *     ;; zones (union–find, path halving, root = lowest rank) and neighbour counts, as
 *     ;; zones.ts scanNeighbourhoods; returns the number of zones
 *     (func (export "scanNeighbourhoods")
 *       (param $levels i32) (param $roi i32) (param $n i32) (param $rank i32) (param $backward i32)
 *       (param $parent i32) (param $inRoi i32) (param $sameLevel i32) (param $levelSum i32)
 *       (param $zoneOf i32) (param $zoneLevel i32) (param $zoneSize i32) (result i32)
 *       (local $r $v $g $rootR $a $w $h $q $rootQ $cell $count $neighbours $same $sum i32)
 *       for r < n: rank[roi[r]] = r
 *       for r < n:
 *         parent[r] = r;  rootR = r;  v = roi[r];  g = levels[v];  neighbours = same = sum = 0
 *         for a < 13:
 *           w = v + backward[a];  h = levels[w]
 *           if h != 0:
 *             q = rank[w];  neighbours += 1;  inRoi[q] += 1;  sum += h;  levelSum[q] += g
 *             if h == g:
 *               same += 1;  sameLevel[q] += 1;  rootQ = find(q)
 *               if rootQ < rootR: parent[rootR] = rootQ;  rootR = rootQ
 *               else if rootR < rootQ: parent[rootQ] = rootR
 *         inRoi[r] = neighbours;  sameLevel[r] = same;  levelSum[r] = sum   ;; r's own counts start at 0
 *       for r < n:
 *         root = find(r)
 *         if root == r: zoneOf[r] = count;  zoneLevel[count] = levels[roi[r]];  count += 1
 *         else zoneOf[r] = zoneOf[root]
 *         zoneSize[zoneOf[r]] += 1
 *       return count)
 *     ;; the cube pass of mesh.ts meshMeasures over the padded mask m (bytes; sy = px, sz = px·py);
 *     ;; count and origin are f64 (the same additions as JavaScript's), rowFirst, rowLast, lo, hi i32
 *     (func (export "cubeScan")
 *       (param $m i32) (param $px i32) (param $py i32) (param $pz i32) (param $rowFirst i32)
 *       (param $rowLast i32) (param $count i32) (param $origin i32) (param $lo i32) (param $hi i32)
 *       (param $rows i32)
 *       (local $k $j $r $first $last $n $left $right $config $i $inside $cell $x $t $sz $a $kEnd $jEnd i32)
 *       for k < pz − 1:  for j < py − 1:
 *         r = j + py·k
 *         first = min(rowFirst[r], rowFirst[r + 1], rowFirst[r + py], rowFirst[r + py + 1])
 *         last = max(rowLast[r], rowLast[r + 1], rowLast[r + py], rowLast[r + py + 1])
 *         if last ≥ 0:
 *           i = first − 1;  n = i + sy·j + sz·k
 *           left = m[n] | m[n + sy] << 2 | m[n + sz] << 4 | m[n + sz + sy] << 6
 *           loop while i ≤ last:
 *             right = m[n + 1] << 1 | m[n + sy + 1] << 3 | m[n + sz + 1] << 5 | m[n + sz + sy + 1] << 7
 *             config = left | right;  left = right >> 1
 *             if config − 1 <u 254:                            ;; not 0, not 255
 *               count[config] += 1;  origin[3·config + (0, 1, 2)] += (i, j, k)
 *               inside = config & 1
 *               if (config >> 1) & 1 != inside: extend(2k·rows + 2j, 2i + 1)
 *               if (config >> 2) & 1 != inside: extend(2k·rows + 2j + 1, 2i)
 *               if (config >> 4) & 1 != inside: extend((2k + 1)·rows + 2j, 2i)
 *             i += 1;  n += 1)
 *     ;; city-block distance of each ROI voxel to the ROI border, as zones.ts borderDistance
 *     ;; (d: a zeroed array over the padded grid; roi ascending)
 *     (func (export "borderDistance")
 *       (param $roi i32) (param $n i32) (param $d i32) (param $distance i32) (param $sy i32)
 *       (param $sz i32) (param $far i32)
 *       (local $r $v $m $t i32)
 *       for r < n: d[roi[r]] = far
 *       for r < n:  v = roi[r];  d[v] = min(d[v], d[v − 1] + 1, d[v − sy] + 1, d[v − sz] + 1)
 *       for r from n − 1 down to 0:
 *         v = roi[r];  d[v] = min(d[v], d[v + 1] + 1, d[v + sy] + 1, d[v + sz] + 1);  distance[r] = d[v])
 *     ;; levels (nx·ny·nz) copied into a grid padded by `pad` zero voxels on every side, the
 *     ;; voxels of level ≠ 0 listed with their levels, as texture-block.ts padLevels; returns their count
 *     (func (export "padLevels")
 *       (param $levels i32) (param $nx i32) (param $ny i32) (param $nz i32) (param $pad i32)
 *       (param $out i32) (param $roi i32) (param $roiLevels i32) (result i32)
 *       (local $px $py $n $p $count $g $i $j $k i32)
 *       px = nx + 2·pad;  py = ny + 2·pad
 *       for k < nz:  for j < ny:
 *         p = pad + px·(pad + j + py·(pad + k))
 *         for i < nx:
 *           g = levels[n]
 *           if g != 0: out[p] = g;  roi[count] = p;  roiLevels[count] = g;  count += 1
 *           n += 1;  p += 1
 *       return count)
 *     ;; the second pass of stat.ts momentsOf over n sorted doubles x; 7 sums stored at out
 *     (func (export "momentSums")
 *       (param $x i32) (param $n i32) (param $lo i32) (param $hi i32) (param $mean f64)
 *       (param $median f64) (param $robustMean f64) (param $out i32)
 *       (local $r i32) (local $v f64) (local $d f64) (local $d2 f64) (local $m2 $m3 $m4 f64)
 *       (local $absMean $absMedian $absRobust $squares f64)
 *       for r < n:
 *         v = x[r];  d = v − mean;  d2 = d·d
 *         m2 += d2;  m3 += d2·d;  m4 += d2·d2;  absMean += |d|;  absMedian += |v − median|
 *         if lo ≤ r ≤ hi: absRobust += |v − robustMean|
 *         squares += v·v
 *       out[0..6] = m2, m3, m4, absMean, absMedian, absRobust, squares)
 *   find(x): while parent[x] != x: parent[x] = parent[parent[x]];  x = parent[x]
 *   extend(cell, x): if x < lo[cell]: lo[cell] = x;  if x > hi[cell]: hi[cell] = x
 */
import { functionBody, get, name, section, set, tee, uleb, vec } from "../wasm-encoding.js";

// --- a minimal encoder for the module above ----------------------------------------------

const I32 = 0x7f;
const F64 = 0x7c;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GeS: 0x4e,
  i32LeS: 0x4c,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f64Abs: 0x99,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64ConvertI32S: 0xb7,
};
const EMPTY_BLOCK = 0x40;

/** i32.const for 0 ≤ v < 64 (one signed-LEB byte). */
const i32 = (v: number) => [op.i32Const, v];
/** i32.load / i32.store, 4-byte aligned, no offset. */
const load = [op.i32Load, 2, 0];
const store = [op.i32Store, 2, 0];

/** countDense's body (locals numbered as in the module comment: parameters 0–9, then 10–16). */
function countDenseBody(): number[] {
  const [levels, roi, roiLevels, n, step, pairs, w, runs, rw, runLength] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, p, g, next, length, cell, end] = [10, 11, 12, 13, 14, 15, 16];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...get(step), ...i32(2), op.i32Shl, ...set(step),
    ...get(n), ...i32(2), op.i32Shl, ...set(end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
      ...get(r), ...get(end), op.i32GeU, op.brIf, 1,
      ...get(roi), ...get(r), op.i32Add, ...load, ...i32(2), op.i32Shl, ...set(p),
      ...get(roiLevels), ...get(r), op.i32Add, ...load, ...set(g),
      ...get(levels), ...get(p), op.i32Add, ...get(step), op.i32Add, ...load, ...set(next),
      ...get(pairs), ...get(g), ...get(w), op.i32Mul, ...get(next), op.i32Add, ...i32(2), op.i32Shl, op.i32Add, ...tee(cell),
      ...get(cell), ...load, ...i32(1), op.i32Add, ...store,
      ...get(runLength), ...get(p), op.i32Add, ...get(step), op.i32Sub, ...load, ...i32(1), op.i32Add,
      ...i32(1),
      ...get(levels), ...get(p), op.i32Add, ...get(step), op.i32Sub, ...load, ...get(g), op.i32Eq,
      op.select, ...set(length),
      ...get(runLength), ...get(p), op.i32Add, ...get(length), ...store,
      ...get(runs), ...get(g), ...get(rw), op.i32Mul, ...get(length), op.i32Add, ...i32(2), op.i32Shl, op.i32Add, ...tee(cell),
      ...get(cell), ...load, ...get(next), ...get(g), op.i32Ne, op.i32Add, ...store,
      ...get(r), ...i32(4), op.i32Add, ...set(r),
      op.br, 0,
    op.end, op.end,
    op.end,
  ];
  return functionBody(code, [7, I32]);
}

// Structured helpers for the second kernel: Int32 arrays addressed by element index.
/** Address of base[index] (`index`: instructions leaving an i32). */
const element = (base: number, index: number[]) => [...get(base), ...index, ...i32(2), op.i32Shl, op.i32Add];
const read = (base: number, index: number[]) => [...element(base, index), ...load];
const write = (base: number, index: number[], value: number[]) => [...element(base, index), ...value, ...store];
/** base[index] += by, through the scratch local `cell`. */
const increment = (base: number, index: number[], by: number[], cell: number) => [
  ...element(base, index),
  ...tee(cell),
  ...get(cell),
  ...load,
  ...by,
  op.i32Add,
  ...store,
];
/** for (i = 0; i < end; i++) body */
const forEach = (i: number, end: number[], body: number[]) => [
  ...i32(0),
  ...set(i),
  op.block,
  EMPTY_BLOCK,
  op.loop,
  EMPTY_BLOCK,
  ...get(i),
  ...end,
  op.i32GeU,
  op.brIf,
  1,
  ...body,
  ...get(i),
  ...i32(1),
  op.i32Add,
  ...set(i),
  op.br,
  0,
  op.end,
  op.end,
];
/** while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x] } (path halving) */
const findRoot = (parent: number, x: number) => [
  op.block,
  EMPTY_BLOCK,
  op.loop,
  EMPTY_BLOCK,
  ...read(parent, get(x)),
  ...get(x),
  op.i32Eq,
  op.brIf,
  1,
  ...write(parent, get(x), read(parent, read(parent, get(x)))),
  ...read(parent, get(x)),
  ...set(x),
  op.br,
  0,
  op.end,
  op.end,
];

/** scanNeighbourhoods' body (locals numbered as in the module comment: parameters 0–11, then 12–25). */
function scanNeighbourhoodsBody(): number[] {
  const [levels, roi, n, rank, backward, parent, inRoi, sameLevel, levelSum, zoneOf, zoneLevel, zoneSize] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [r, v, g, rootR, a, w, h, q, rootQ, cell, count, neighbours, same, sum] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const union = [
    ...get(rootQ), ...get(rootR), op.i32LtS,
    op.if, EMPTY_BLOCK,
      ...write(parent, get(rootR), get(rootQ)), ...get(rootQ), ...set(rootR),
    op.else,
      ...get(rootR), ...get(rootQ), op.i32LtS,
      op.if, EMPTY_BLOCK, ...write(parent, get(rootQ), get(rootR)), op.end,
    op.end,
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const neighbour = [
    ...get(v), ...read(backward, get(a)), op.i32Add, ...set(w),
    ...read(levels, get(w)), ...tee(h),
    op.if, EMPTY_BLOCK,
      ...read(rank, get(w)), ...set(q),
      ...get(neighbours), ...i32(1), op.i32Add, ...set(neighbours),
      ...increment(inRoi, get(q), i32(1), cell),
      ...get(sum), ...get(h), op.i32Add, ...set(sum),
      ...increment(levelSum, get(q), get(g), cell),
      ...get(h), ...get(g), op.i32Eq,
      op.if, EMPTY_BLOCK,
        ...get(same), ...i32(1), op.i32Add, ...set(same),
        ...increment(sameLevel, get(q), i32(1), cell),
        ...get(q), ...set(rootQ),
        ...findRoot(parent, rootQ),
        ...union,
      op.end,
    op.end,
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const numberZone = [
    ...get(r), ...set(rootQ),
    ...findRoot(parent, rootQ),
    ...get(rootQ), ...get(r), op.i32Eq,
    op.if, EMPTY_BLOCK,
      ...write(zoneOf, get(r), get(count)),
      ...write(zoneLevel, get(count), read(levels, read(roi, get(r)))),
      ...get(count), ...i32(1), op.i32Add, ...set(count),
    op.else,
      ...write(zoneOf, get(r), read(zoneOf, get(rootQ))),
    op.end,
    ...increment(zoneSize, read(zoneOf, get(r)), i32(1), cell),
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...forEach(r, get(n), write(rank, read(roi, get(r)), get(r))),
    ...forEach(r, get(n), [
      ...write(parent, get(r), get(r)), ...get(r), ...set(rootR),
      ...read(roi, get(r)), ...set(v), ...read(levels, get(v)), ...set(g),
      ...i32(0), ...set(neighbours), ...i32(0), ...set(same), ...i32(0), ...set(sum),
      ...forEach(a, i32(13), neighbour),
      ...write(inRoi, get(r), get(neighbours)),
      ...write(sameLevel, get(r), get(same)),
      ...write(levelSum, get(r), get(sum)),
    ]),
    ...forEach(r, get(n), numberZone),
    ...get(count),
    op.end,
  ];
  return functionBody(code, [14, I32]);
}

/** cubeScan's body (locals numbered as in the module comment: parameters 0–10, then 11–28). */
function cubeScanBody(): number[] {
  const [m, px, py, pz, rowFirst, rowLast, count, origin, lo, hi, rows] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [k, j, r, first, last, n, left, right, config, i, inside, cell, x, t, sz, a, kEnd, jEnd] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
  ];
  const byte = (offset: number[]) => [...get(m), ...get(n), op.i32Add, ...offset, op.i32Add, op.i32Load8U, 0, 0];
  const shifted = (offset: number[], bits: number) => [...byte(offset), ...i32(bits), op.i32Shl];
  /** first = min(first, array[r + d]) or last = max(last, array[r + d]) */
  const extreme = (into: number, array: number, d: number[], keep: number) => [
    ...read(array, [...get(r), ...d, op.i32Add]),
    ...tee(t),
    ...get(into),
    ...get(t),
    ...get(into),
    keep,
    op.select,
    ...set(into),
  ];
  /** if x < lo[cell]: lo[cell] = x;  if x > hi[cell]: hi[cell] = x */
  const extend = [
    ...get(x),
    ...read(lo, get(cell)),
    op.i32LtS,
    op.if,
    EMPTY_BLOCK,
    ...write(lo, get(cell), get(x)),
    op.end,
    ...get(x),
    ...read(hi, get(cell)),
    op.i32GtS,
    op.if,
    EMPTY_BLOCK,
    ...write(hi, get(cell), get(x)),
    op.end,
  ];
  /** if ((config >> bit) & 1) != inside: cell = …; x = …; extend */
  const vertex = (bit: number, cellCode: number[], xCode: number[]) => [
    ...get(config),
    ...i32(bit),
    op.i32ShrU,
    ...i32(1),
    op.i32And,
    ...get(inside),
    op.i32Ne,
    op.if,
    EMPTY_BLOCK,
    ...cellCode,
    ...set(cell),
    ...xCode,
    ...set(x),
    ...extend,
    op.end,
  ];
  const twice = (l: number) => [...get(l), ...i32(1), op.i32Shl];
  /** mem[a + offset] += value (f64) */
  const addF64 = (offset: number, value: number[]) => [
    ...get(a),
    ...get(a),
    op.f64Load,
    3,
    ...uleb(offset),
    ...value,
    op.f64Add,
    op.f64Store,
    3,
    ...uleb(offset),
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const cube = [
    ...shifted(i32(1), 1), ...shifted([...get(px), ...i32(1), op.i32Add], 3),
    op.i32Or, ...shifted([...get(sz), ...i32(1), op.i32Add], 5), op.i32Or,
    ...shifted([...get(sz), ...get(px), op.i32Add, ...i32(1), op.i32Add], 7), op.i32Or, ...set(right),
    ...get(left), ...get(right), op.i32Or, ...set(config),
    ...get(right), ...i32(1), op.i32ShrU, ...set(left),
    ...get(config), ...i32(1), op.i32Sub, ...[op.i32Const, ...[0xfe, 0x01]], op.i32LtU,
    op.if, EMPTY_BLOCK,
      ...get(count), ...get(config), ...i32(3), op.i32Shl, op.i32Add, ...set(a),
      ...addF64(0, [...i32(1), op.f64ConvertI32S]),
      ...get(origin), ...get(config), ...i32(24), op.i32Mul, op.i32Add, ...set(a),
      ...addF64(0, [...get(i), op.f64ConvertI32S]),
      ...addF64(8, [...get(j), op.f64ConvertI32S]),
      ...addF64(16, [...get(k), op.f64ConvertI32S]),
      ...get(config), ...i32(1), op.i32And, ...set(inside),
      ...vertex(1, [...twice(k), ...get(rows), op.i32Mul, ...twice(j), op.i32Add], [...twice(i), ...i32(1), op.i32Add]),
      ...vertex(2, [...twice(k), ...get(rows), op.i32Mul, ...twice(j), op.i32Add, ...i32(1), op.i32Add], twice(i)),
      ...vertex(4, [...twice(k), ...i32(1), op.i32Add, ...get(rows), op.i32Mul, ...twice(j), op.i32Add], twice(i)),
    op.end,
    ...get(i), ...i32(1), op.i32Add, ...set(i),
    ...get(n), ...i32(1), op.i32Add, ...set(n),
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const row = [
    ...get(j), ...get(py), ...get(k), op.i32Mul, op.i32Add, ...set(r),
    ...read(rowFirst, get(r)), ...set(first), ...read(rowLast, get(r)), ...set(last),
    ...extreme(first, rowFirst, i32(1), op.i32LtS), ...extreme(first, rowFirst, get(py), op.i32LtS),
    ...extreme(first, rowFirst, [...get(py), ...i32(1), op.i32Add], op.i32LtS),
    ...extreme(last, rowLast, i32(1), op.i32GtS), ...extreme(last, rowLast, get(py), op.i32GtS),
    ...extreme(last, rowLast, [...get(py), ...i32(1), op.i32Add], op.i32GtS),
    ...get(last), ...i32(0), op.i32GeS,
    op.if, EMPTY_BLOCK,
      ...get(first), ...i32(1), op.i32Sub, ...set(i),
      ...get(i), ...get(px), ...get(j), op.i32Mul, op.i32Add, ...get(sz), ...get(k), op.i32Mul, op.i32Add, ...set(n),
      ...byte(i32(0)), ...shifted(get(px), 2), op.i32Or, ...shifted(get(sz), 4), op.i32Or,
      ...shifted([...get(sz), ...get(px), op.i32Add], 6), op.i32Or, ...set(left),
      op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
        ...get(i), ...get(last), op.i32GtS, op.brIf, 1,
        ...cube,
        op.br, 0,
      op.end, op.end,
    op.end,
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...get(px), ...get(py), op.i32Mul, ...set(sz),
    ...get(pz), ...i32(1), op.i32Sub, ...set(kEnd),
    ...get(py), ...i32(1), op.i32Sub, ...set(jEnd),
    ...forEach(k, get(kEnd), forEach(j, get(jEnd), row)),
    op.end,
  ];
  return functionBody(code, [18, I32]);
}

/** borderDistance's body (locals numbered as in the module comment: parameters 0–6, then 7–10). */
function borderDistanceBody(): number[] {
  const [roi, n, d, distance, sy, sz, far] = [0, 1, 2, 3, 4, 5, 6];
  const [r, v, m, t] = [7, 8, 9, 10];
  /** m = min(m, d[v + step] + 1) */
  const nearer = (step: number[]) => [
    ...read(d, [...get(v), ...step, op.i32Add]),
    ...i32(1),
    op.i32Add,
    ...tee(t),
    ...get(m),
    ...get(t),
    ...get(m),
    op.i32LtS,
    op.select,
    ...set(m),
  ];
  const minus = (l: number) => [...i32(0), ...get(l), op.i32Sub];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...forEach(r, get(n), write(d, read(roi, get(r)), get(far))),
    ...forEach(r, get(n), [
      ...read(roi, get(r)), ...set(v), ...read(d, get(v)), ...set(m),
      ...nearer([...i32(0), ...i32(1), op.i32Sub]), ...nearer(minus(sy)), ...nearer(minus(sz)),
      ...write(d, get(v), get(m)),
    ]),
    ...get(n), ...set(r),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
      ...get(r), op.i32Eqz, op.brIf, 1,
      ...get(r), ...i32(1), op.i32Sub, ...set(r),
      ...read(roi, get(r)), ...set(v), ...read(d, get(v)), ...set(m),
      ...nearer(i32(1)), ...nearer(get(sy)), ...nearer(get(sz)),
      ...write(d, get(v), get(m)), ...write(distance, get(r), get(m)),
      op.br, 0,
    op.end, op.end,
    op.end,
  ];
  return functionBody(code, [4, I32]);
}

/** padLevels' body (locals numbered as in the module comment: parameters 0–7, then 8–16). */
function padLevelsBody(): number[] {
  const [levels, nx, ny, nz, pad, out, roi, roiLevels] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [px, py, n, p, count, g, i, j, k] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const plus2pad = (l: number) => [...get(l), ...get(pad), ...i32(1), op.i32Shl, op.i32Add];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const voxel = [
    ...read(levels, get(n)), ...tee(g),
    op.if, EMPTY_BLOCK,
      ...write(out, get(p), get(g)), ...write(roi, get(count), get(p)), ...write(roiLevels, get(count), get(g)),
      ...get(count), ...i32(1), op.i32Add, ...set(count),
    op.end,
    ...get(n), ...i32(1), op.i32Add, ...set(n),
    ...get(p), ...i32(1), op.i32Add, ...set(p),
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const row = [
    ...get(pad), ...get(px), ...get(pad), ...get(j), op.i32Add, ...get(py), ...get(pad), ...get(k), op.i32Add, op.i32Mul, op.i32Add,
    op.i32Mul, op.i32Add, ...set(p),
    ...forEach(i, get(nx), voxel),
  ];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...plus2pad(nx), ...set(px), ...plus2pad(ny), ...set(py),
    ...forEach(k, get(nz), forEach(j, get(ny), row)),
    ...get(count),
    op.end,
  ];
  return functionBody(code, [9, I32]);
}

/** momentSums' body (locals numbered as in the module comment: parameters 0–7, then 8 (i32) and 9–18 (f64)). */
function momentSumsBody(): number[] {
  const [x, n, lo, hi, mean, median, robustMean, out] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [r, v, d, d2, m2, m3, m4, absMean, absMedian, absRobust, squares] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const add = (into: number, value: number[]) => [...get(into), ...value, op.f64Add, ...set(into)];
  const abs = (a: number, b: number) => [...get(a), ...get(b), op.f64Sub, op.f64Abs];
  const store = (k: number, l: number) => [...get(out), ...get(l), op.f64Store, 3, ...uleb(8 * k)];
  // biome-ignore format: the instructions grouped as the lines of the module comment
  const code = [
    ...forEach(r, get(n), [
      ...get(x), ...get(r), ...i32(3), op.i32Shl, op.i32Add, op.f64Load, 3, 0, ...set(v),
      ...get(v), ...get(mean), op.f64Sub, ...set(d), ...get(d), ...get(d), op.f64Mul, ...set(d2),
      ...add(m2, get(d2)), ...add(m3, [...get(d2), ...get(d), op.f64Mul]), ...add(m4, [...get(d2), ...get(d2), op.f64Mul]),
      ...add(absMean, [...get(d), op.f64Abs]), ...add(absMedian, abs(v, median)),
      ...get(r), ...get(lo), op.i32GeS, ...get(r), ...get(hi), op.i32LeS, op.i32And,
      op.if, EMPTY_BLOCK, ...add(absRobust, abs(v, robustMean)), op.end,
      ...add(squares, [...get(v), ...get(v), op.f64Mul]),
    ]),
    ...store(0, m2), ...store(1, m3), ...store(2, m4), ...store(3, absMean), ...store(4, absMedian), ...store(5, absRobust), ...store(6, squares),
    op.end,
  ];
  return functionBody(code, [1, I32], [10, F64]);
}

/** The module's bytes. */
export function featureKernelModule(): Uint8Array {
  const types = section(
    1,
    vec([
      [0x60, ...vec(Array.from({ length: 10 }, () => [I32])), ...vec([])],
      [0x60, ...vec(Array.from({ length: 12 }, () => [I32])), ...vec([[I32]])],
      [0x60, ...vec(Array.from({ length: 11 }, () => [I32])), ...vec([])],
      [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), ...vec([])],
      [0x60, ...vec(Array.from({ length: 8 }, () => [I32])), ...vec([[I32]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [F64], [F64], [F64], [I32]]), ...vec([])],
    ]),
  );
  const imports = section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 1]]));
  const functions = section(3, vec([[0], [1], [2], [3], [4], [5]]));
  const exports = section(
    7,
    vec([
      [...name("countDense"), 0x00, 0],
      [...name("scanNeighbourhoods"), 0x00, 1],
      [...name("cubeScan"), 0x00, 2],
      [...name("borderDistance"), 0x00, 3],
      [...name("padLevels"), 0x00, 4],
      [...name("momentSums"), 0x00, 5],
    ]),
  );
  const code = section(10, vec([countDenseBody(), scanNeighbourhoodsBody(), cubeScanBody(), borderDistanceBody(), padLevelsBody(), momentSumsBody()]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}

// --- instantiation ------------------------------------------------------------------------

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

type CountDense = (
  levels: number,
  roi: number,
  roiLevels: number,
  n: number,
  step: number,
  pairs: number,
  w: number,
  runs: number,
  rw: number,
  runLength: number,
) => void;

/** {@link featureKernelModule}'s bytes, base64 (a test checks that they are the encoder's). */
export const MODULE_BASE64 =
  "AGFzbQEAAAABTQZgCn9/f39/f39/f38AYAx/f39/f39/f39/f38Bf2ALf39/f39/f39/f38AYAd/f39/f39/AGAIf39/f39/" +
  "f38Bf2AIf39/f3x8fH8AAg8BA2VudgZtZW1vcnkCAAEDBwYAAQIDBAUHWAYKY291bnREZW5zZQAAEnNjYW5OZWlnaGJvdXJo" +
  "b29kcwABCGN1YmVTY2FuAAIOYm9yZGVyRGlzdGFuY2UAAwlwYWRMZXZlbHMABAptb21lbnRTdW1zAAUKxBMGsAEBB38gBEEC" +
  "dCEEIANBAnQhEAJAA0AgCiAQTw0BIAEgCmooAgBBAnQhCyACIApqKAIAIQwgACALaiAEaigCACENIAUgDCAGbCANakECdGoi" +
  "DyAPKAIAQQFqNgIAIAkgC2ogBGsoAgBBAWpBASAAIAtqIARrKAIAIAxGGyEOIAkgC2ogDjYCACAHIAwgCGwgDmpBAnRqIg8g" +
  "DygCACANIAxHajYCACAKQQRqIQoMAAsLC5oFAQ5/QQAhDAJAA0AgDCACTw0BIAMgASAMQQJ0aigCAEECdGogDDYCACAMQQFq" +
  "IQwMAAsLQQAhDAJAA0AgDCACTw0BIAUgDEECdGogDDYCACAMIQ8gASAMQQJ0aigCACENIAAgDUECdGooAgAhDkEAIRdBACEY" +
  "QQAhGUEAIRACQANAIBBBDU8NASANIAQgEEECdGooAgBqIREgACARQQJ0aigCACISBEAgAyARQQJ0aigCACETIBdBAWohFyAG" +
  "IBNBAnRqIhUgFSgCAEEBajYCACAZIBJqIRkgCCATQQJ0aiIVIBUoAgAgDmo2AgAgEiAORgRAIBhBAWohGCAHIBNBAnRqIhUg" +
  "FSgCAEEBajYCACATIRQCQANAIAUgFEECdGooAgAgFEYNASAFIBRBAnRqIAUgBSAUQQJ0aigCAEECdGooAgA2AgAgBSAUQQJ0" +
  "aigCACEUDAALCyAUIA9IBEAgBSAPQQJ0aiAUNgIAIBQhDwUgDyAUSARAIAUgFEECdGogDzYCAAsLCwsgEEEBaiEQDAALCyAG" +
  "IAxBAnRqIBc2AgAgByAMQQJ0aiAYNgIAIAggDEECdGogGTYCACAMQQFqIQwMAAsLQQAhDAJAA0AgDCACTw0BIAwhFAJAA0Ag" +
  "BSAUQQJ0aigCACAURg0BIAUgFEECdGogBSAFIBRBAnRqKAIAQQJ0aigCADYCACAFIBRBAnRqKAIAIRQMAAsLIBQgDEYEQCAJ" +
  "IAxBAnRqIBY2AgAgCiAWQQJ0aiAAIAEgDEECdGooAgBBAnRqKAIANgIAIBZBAWohFgUgCSAMQQJ0aiAJIBRBAnRqKAIANgIA" +
  "CyALIAkgDEECdGooAgBBAnRqIhUgFSgCAEEBajYCACAMQQFqIQwMAAsLIBYL7gYBEn8gASACbCEZIANBAWshGyACQQFrIRxB" +
  "ACELAkADQCALIBtPDQFBACEMAkADQCAMIBxPDQEgDCACIAtsaiENIAQgDUECdGooAgAhDiAFIA1BAnRqKAIAIQ8gBCANQQFq" +
  "QQJ0aigCACIYIA4gGCAOSBshDiAEIA0gAmpBAnRqKAIAIhggDiAYIA5IGyEOIAQgDSACQQFqakECdGooAgAiGCAOIBggDkgb" +
  "IQ4gBSANQQFqQQJ0aigCACIYIA8gGCAPShshDyAFIA0gAmpBAnRqKAIAIhggDyAYIA9KGyEPIAUgDSACQQFqakECdGooAgAi" +
  "GCAPIBggD0obIQ8gD0EATgRAIA5BAWshFCAUIAEgDGxqIBkgC2xqIRAgACAQakEAai0AACAAIBBqIAFqLQAAQQJ0ciAAIBBq" +
  "IBlqLQAAQQR0ciAAIBBqIBkgAWpqLQAAQQZ0ciERAkADQCAUIA9KDQEgACAQakEBai0AAEEBdCAAIBBqIAFBAWpqLQAAQQN0" +
  "ciAAIBBqIBlBAWpqLQAAQQV0ciAAIBBqIBkgAWpBAWpqLQAAQQd0ciESIBEgEnIhEyASQQF2IREgE0EBa0H+AUkEQCAGIBNB" +
  "A3RqIRogGiAaKwMAQQG3oDkDACAHIBNBGGxqIRogGiAaKwMAIBS3oDkDACAaIBorAwggDLegOQMIIBogGisDECALt6A5AxAg" +
  "E0EBcSEVIBNBAXZBAXEgFUcEQCALQQF0IApsIAxBAXRqIRYgFEEBdEEBaiEXIBcgCCAWQQJ0aigCAEgEQCAIIBZBAnRqIBc2" +
  "AgALIBcgCSAWQQJ0aigCAEoEQCAJIBZBAnRqIBc2AgALCyATQQJ2QQFxIBVHBEAgC0EBdCAKbCAMQQF0akEBaiEWIBRBAXQh" +
  "FyAXIAggFkECdGooAgBIBEAgCCAWQQJ0aiAXNgIACyAXIAkgFkECdGooAgBKBEAgCSAWQQJ0aiAXNgIACwsgE0EEdkEBcSAV" +
  "RwRAIAtBAXRBAWogCmwgDEEBdGohFiAUQQF0IRcgFyAIIBZBAnRqKAIASARAIAggFkECdGogFzYCAAsgFyAJIBZBAnRqKAIA" +
  "SgRAIAkgFkECdGogFzYCAAsLCyAUQQFqIRQgEEEBaiEQDAALCwsgDEEBaiEMDAALCyALQQFqIQsMAAsLC/gCAQR/QQAhBwJA" +
  "A0AgByABTw0BIAIgACAHQQJ0aigCAEECdGogBjYCACAHQQFqIQcMAAsLQQAhBwJAA0AgByABTw0BIAAgB0ECdGooAgAhCCAC" +
  "IAhBAnRqKAIAIQkgAiAIQQBBAWtqQQJ0aigCAEEBaiIKIAkgCiAJSBshCSACIAhBACAEa2pBAnRqKAIAQQFqIgogCSAKIAlI" +
  "GyEJIAIgCEEAIAVrakECdGooAgBBAWoiCiAJIAogCUgbIQkgAiAIQQJ0aiAJNgIAIAdBAWohBwwACwsgASEHAkADQCAHRQ0B" +
  "IAdBAWshByAAIAdBAnRqKAIAIQggAiAIQQJ0aigCACEJIAIgCEEBakECdGooAgBBAWoiCiAJIAogCUgbIQkgAiAIIARqQQJ0" +
  "aigCAEEBaiIKIAkgCiAJSBshCSACIAggBWpBAnRqKAIAQQFqIgogCSAKIAlIGyEJIAIgCEECdGogCTYCACADIAdBAnRqIAk2" +
  "AgAMAAsLC8oBAQl/IAEgBEEBdGohCCACIARBAXRqIQlBACEQAkADQCAQIANPDQFBACEPAkADQCAPIAJPDQEgBCAIIAQgD2og" +
  "CSAEIBBqbGpsaiELQQAhDgJAA0AgDiABTw0BIAAgCkECdGooAgAiDQRAIAUgC0ECdGogDTYCACAGIAxBAnRqIAs2AgAgByAM" +
  "QQJ0aiANNgIAIAxBAWohDAsgCkEBaiEKIAtBAWohCyAOQQFqIQ4MAAsLIA9BAWohDwwACwsgEEEBaiEQDAALCyAMC70BAgF/" +
  "CnxBACEIAkADQCAIIAFPDQEgACAIQQN0aisDACEJIAkgBKEhCiAKIAqiIQsgDCALoCEMIA0gCyAKoqAhDSAOIAsgC6KgIQ4g" +
  "DyAKmaAhDyAQIAkgBaGZoCEQIAggAk4gCCADTHEEQCARIAkgBqGZoCERCyASIAkgCaKgIRIgCEEBaiEIDAALCyAHIAw5AwAg" +
  "ByANOQMIIAcgDjkDECAHIA85AxggByAQOQMgIAcgETkDKCAHIBI5AzAL";

/** The module's bytes from MODULE_BASE64. */
function moduleBytes(): Uint8Array {
  const text = atob(MODULE_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

/** The compiled module (compiled once per process), or null without WebAssembly. */
let compiled: object | null | undefined;

function compiledModule(): object | null {
  if (compiled === undefined) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      compiled = wasm ? new wasm.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the families use the WebAssembly loops by default (RADLAB_NO_WASM=1: the JavaScript ones). */
export function wasmKernelsEnabled(): boolean {
  return !(typeof process !== "undefined" && process.env?.RADLAB_NO_WASM === "1");
}

/** WebAssembly memory is addressed by 32-bit offsets; stay well inside 2 GiB. */
const MAX_BYTES = 1 << 30;

/**
 * A fresh instance of the module with its own memory of at least `bytes`, and its kernel
 * `name`; null where WebAssembly is unavailable, the arrays would not fit, or the engine
 * refuses the memory (the JavaScript loop needs less).
 */
function instantiate<K>(bytes: number, name: string): { kernel: K; memory: { buffer: ArrayBuffer } } | null {
  const module = compiledModule();
  if (!module || bytes > MAX_BYTES) return null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
  let memory: { buffer: ArrayBuffer };
  try {
    memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  } catch {
    return null;
  }
  return { kernel: new wasm.Instance(module, { env: { memory } }).exports[name] as K, memory };
}

/** Int32 views laid end to end in a memory, in the order they are taken. */
function int32Arena(buffer: ArrayBuffer): (length: number) => Int32Array {
  let at = 0;
  return (length) => {
    const view = new Int32Array(buffer, 4 * at, length);
    at += length;
    return view;
  };
}

/** The texture block's arrays and the counts, all in one WebAssembly memory. */
export interface DenseCounter {
  /** Pair counts pairs[g·w + g'] of the last {@link DenseCounter.count} (w = ng + 1). */
  pairs: Int32Array;
  /** Run counts runs[g·rw + n] of the last count (rw = maxRun + 1). */
  runs: Int32Array;
  /** Clears pairs and runs and counts the offset of linear step `step` (> 0). */
  count(step: number): void;
}

/**
 * A WebAssembly counter for a texture block (padded levels, ROI voxel indices and their levels,
 * as texture-block.ts), or null where WebAssembly is unavailable or the arrays would not fit.
 * The block's arrays are copied into the counter's memory.
 */
export function denseCounter(block: { levels: Int32Array; roi: Int32Array; roiLevels: Int32Array }, w: number, rw: number): DenseCounter | null {
  const voxels = block.levels.length;
  const n = block.roi.length;
  const words = 2 * voxels + 2 * n + w * w + w * rw;
  const instance = instantiate<CountDense>(4 * words, "countDense");
  if (!instance) return null;
  const { kernel: countDense, memory } = instance;
  const take = int32Arena(memory.buffer);
  const levels = take(voxels);
  const runLength = take(voxels);
  const roi = take(n);
  const roiLevels = take(n);
  const pairs = take(w * w);
  const runs = take(w * rw);
  levels.set(block.levels);
  roi.set(block.roi);
  roiLevels.set(block.roiLevels);
  return {
    pairs,
    runs,
    count(step) {
      pairs.fill(0);
      runs.fill(0);
      countDense(levels.byteOffset, roi.byteOffset, roiLevels.byteOffset, n, step, pairs.byteOffset, w, runs.byteOffset, rw, runLength.byteOffset);
    },
  };
}

/** What zones.ts scanNeighbourhoods computes: the zones and the neighbour counts, per ROI voxel. */
export interface NeighbourScan {
  /** Number of zones; `level` and `size` have one entry per zone. */
  count: number;
  zoneOf: Int32Array;
  level: Int32Array;
  size: Int32Array;
  inRoi: Uint8Array;
  sameLevel: Uint8Array;
  levelSum: Int32Array;
}

type ScanNeighbourhoods = (...offsets: number[]) => number;

/**
 * zones.ts scanNeighbourhoods in WebAssembly: padded levels, the ROI voxels' indices in them and
 * the 13 backward neighbour steps in; zones and counts out (copied out of the WebAssembly memory).
 * Null where WebAssembly is unavailable or the arrays would not fit.
 */
export function scanNeighbourhoodsWasm(levels: Int32Array, roi: Int32Array, backward: Int32Array): NeighbourScan | null {
  const voxels = levels.length;
  const n = roi.length;
  const words = 2 * voxels + 9 * n + backward.length;
  const instance = instantiate<ScanNeighbourhoods>(4 * words, "scanNeighbourhoods");
  if (!instance) return null;
  const { kernel: scan, memory } = instance;
  const take = int32Arena(memory.buffer);
  const wasmLevels = take(voxels);
  const rank = take(voxels);
  const wasmRoi = take(n);
  const wasmBackward = take(backward.length);
  const [parent, inRoi, sameLevel, levelSum, zoneOf, zoneLevel, zoneSize] = Array.from({ length: 7 }, () => take(n));
  wasmLevels.set(levels);
  wasmRoi.set(roi);
  wasmBackward.set(backward);
  const count = scan(
    ...[wasmLevels.byteOffset, wasmRoi.byteOffset, n, rank.byteOffset, wasmBackward.byteOffset, parent.byteOffset],
    ...[inRoi, sameLevel, levelSum, zoneOf, zoneLevel, zoneSize].map((a) => a.byteOffset),
  );
  return {
    count,
    zoneOf: zoneOf.slice(),
    level: zoneLevel.slice(0, count),
    size: zoneSize.slice(0, count),
    inRoi: new Uint8Array(inRoi),
    sameLevel: new Uint8Array(sameLevel),
    levelSum: levelSum.slice(),
  };
}

/** What mesh.ts's cube pass gathers: per cube configuration its count and summed cube origin, and the vertex row extremes. */
export interface CubeScan {
  /** Cubes of each configuration 0..255 (0 and 255, which have no triangle, are not counted). */
  count: Float64Array;
  /** Σ (i, j, k) of the cubes of each configuration, 3 per configuration. */
  origin: Float64Array;
  /** Least and greatest doubled x of the vertices per (doubled z, doubled y) row; lo 2³¹ − 1 and hi −1 where none. */
  lo: Int32Array;
  hi: Int32Array;
}

type CubeScanKernel = (...offsets: number[]) => void;

/**
 * mesh.ts's cube pass in WebAssembly: the padded mask (`size` its grid) and its row spans in,
 * {@link CubeScan} out (copied out of the WebAssembly memory). Null where WebAssembly is
 * unavailable or the arrays would not fit.
 */
export function cubeScanWasm(mask: Uint8Array, size: readonly number[], rowFirst: Int32Array, rowLast: Int32Array, rows: number): CubeScan | null {
  const [px, py, pz] = size;
  const cells = (2 * pz + 1) * rows;
  const bytes = 8 * 256 * 4 + 4 * (2 * cells + 2 * rowFirst.length) + mask.length;
  const instance = instantiate<CubeScanKernel>(bytes, "cubeScan");
  if (!instance) return null;
  const { kernel: scan, memory } = instance;
  const count = new Float64Array(memory.buffer, 0, 256);
  const origin = new Float64Array(memory.buffer, count.byteLength, 256 * 3);
  const lo = new Int32Array(memory.buffer, origin.byteOffset + origin.byteLength, cells).fill(0x7fffffff);
  const hi = new Int32Array(memory.buffer, lo.byteOffset + lo.byteLength, cells).fill(-1);
  const first = new Int32Array(memory.buffer, hi.byteOffset + hi.byteLength, rowFirst.length);
  const last = new Int32Array(memory.buffer, first.byteOffset + first.byteLength, rowLast.length);
  const voxels = new Uint8Array(memory.buffer, last.byteOffset + last.byteLength, mask.length);
  first.set(rowFirst);
  last.set(rowLast);
  voxels.set(mask);
  scan(voxels.byteOffset, px, py, pz, first.byteOffset, last.byteOffset, count.byteOffset, origin.byteOffset, lo.byteOffset, hi.byteOffset, rows);
  return { count: count.slice(), origin: origin.slice(), lo: lo.slice(), hi: hi.slice() };
}

type BorderDistanceKernel = (roi: number, n: number, d: number, distance: number, sy: number, sz: number, far: number) => void;

/**
 * zones.ts borderDistance in WebAssembly: the distance of every ROI voxel (`roi`: indices on the
 * padded grid `size`, ascending) to the ROI border, copied out of the WebAssembly memory. Null
 * where WebAssembly is unavailable or the arrays would not fit.
 */
export function borderDistanceWasm(roi: Int32Array, size: readonly number[]): Int32Array | null {
  const voxels = size[0] * size[1] * size[2];
  const n = roi.length;
  const words = voxels + 2 * n;
  const instance = instantiate<BorderDistanceKernel>(4 * words, "borderDistance");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const d = new Int32Array(memory.buffer, 0, voxels);
  const wasmRoi = new Int32Array(memory.buffer, d.byteLength, n);
  const distance = new Int32Array(memory.buffer, wasmRoi.byteOffset + wasmRoi.byteLength, n);
  wasmRoi.set(roi);
  kernel(wasmRoi.byteOffset, n, d.byteOffset, distance.byteOffset, size[0], size[0] * size[1], size[0] + size[1] + size[2]);
  return distance.slice();
}

type PadLevelsKernel = (levels: number, nx: number, ny: number, nz: number, pad: number, out: number, roi: number, roiLevels: number) => number;

/** Levels on a zero-padded grid, with the ROI voxels listed (texture-block.ts padLevels, zones.ts padByOne). */
export interface PaddedBlock {
  /** The levels on the padded grid. */
  levels: Int32Array;
  /** Padded index of every ROI voxel (level > 0), ascending. */
  roi: Int32Array;
  /** Level of each of them. */
  roiLevels: Int32Array;
}

/**
 * Copies `levels` (on `size`) into a grid with `pad` zero voxels on every side and lists the
 * `count` voxels of level > 0, in WebAssembly; arrays copied out of its memory. Null where
 * WebAssembly is unavailable, the arrays would not fit, or `count` is not the number of voxels
 * of level > 0.
 */
export function padLevelsWasm(levels: Int32Array, size: readonly number[], pad: number, count: number): PaddedBlock | null {
  const [nx, ny, nz] = size;
  const padded = (nx + 2 * pad) * (ny + 2 * pad) * (nz + 2 * pad);
  const words = levels.length + padded + 2 * count;
  const instance = instantiate<PadLevelsKernel>(4 * words, "padLevels");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const input = new Int32Array(memory.buffer, 0, levels.length);
  const out = new Int32Array(memory.buffer, input.byteLength, padded);
  const roi = new Int32Array(memory.buffer, out.byteOffset + out.byteLength, count);
  const roiLevels = new Int32Array(memory.buffer, roi.byteOffset + roi.byteLength, count);
  input.set(levels);
  // A wrong count (the kernel writes as many voxels as it finds) makes the result unused.
  let found: number;
  try {
    found = kernel(input.byteOffset, nx, ny, nz, pad, out.byteOffset, roi.byteOffset, roiLevels.byteOffset);
  } catch {
    return null; // more ROI voxels than `count`: written past the memory's end
  }
  if (found !== count) return null;
  return { levels: out.slice(), roi: roi.slice(), roiLevels: roiLevels.slice() };
}

type MomentSumsKernel = (x: number, n: number, lo: number, hi: number, mean: number, median: number, robustMean: number, out: number) => void;

/** The sums of stat.ts momentsOf's second pass, in its order. */
export interface MomentSums {
  m2: number;
  m3: number;
  m4: number;
  absMean: number;
  absMedian: number;
  absRobust: number;
  sumOfSquares: number;
}

/**
 * stat.ts momentsOf's second pass in WebAssembly (the same additions, in the same order, so the
 * same doubles): Σ d², Σ d³, Σ d⁴ (d = x − mean), Σ |d|, Σ |x − median|, Σ |x − robustMean| over
 * indices lo..hi, Σ x². Null where WebAssembly is unavailable or the values would not fit.
 */
export function momentSumsWasm(sorted: Float64Array, lo: number, hi: number, mean: number, median: number, robustMean: number): MomentSums | null {
  const bytes = 8 * (sorted.length + 7);
  const instance = instantiate<MomentSumsKernel>(bytes, "momentSums");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const x = new Float64Array(memory.buffer, 0, sorted.length);
  const out = new Float64Array(memory.buffer, x.byteLength, 7);
  x.set(sorted);
  kernel(x.byteOffset, sorted.length, lo, hi, mean, median, robustMean, out.byteOffset);
  const [m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares] = out;
  return { m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares };
}
