/** `node:util` in the browser kernel: promisify (kernel-lib wraps callback APIs with it at load). */
import { formatArguments } from "../format.js";

type Callback = (error: unknown, value?: unknown) => void;

export function promisify<T>(original: (...args: [...unknown[], Callback]) => void): (...args: unknown[]) => Promise<T> {
  return (...args) =>
    new Promise<T>((resolve, reject) => {
      original(...args, (error: unknown, value?: unknown) => (error ? reject(error) : resolve(value as T)));
    });
}

export const format = (...args: unknown[]) => formatArguments(args);
export default { promisify, format };
