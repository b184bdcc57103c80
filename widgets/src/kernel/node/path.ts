/** `node:path` in the browser kernel: POSIX paths (path-browserify), relative to the notebook's folder. */
import path from "path-browserify";

export const { basename, dirname, extname, isAbsolute, join, normalize, parse, relative, resolve, sep, format, delimiter } = path;
export const posix = path;
export default path;
