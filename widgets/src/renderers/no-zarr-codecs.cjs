// What `numcodecs/*` (the Blosc, LZ4 and Zstandard decoders, 1.4 MB of base64 WebAssembly) is in
// radlab's browser builds: NiiVue's OME-Zarr reader (zarrita) imports them on demand only, and
// the slice viewer is given NIfTI volumes as arrays, never a Zarr store, so they are left out
// (scripts/build-static.mjs, webpack.config.cjs). Importing one says so.
throw new Error("radlab: NiiVue's Zarr codecs (numcodecs) are not in radlab's build; the slice viewer reads NIfTI, not Zarr");
