/**
 * The prebuilt extension's plugin entry: "Use this λ" inserts the λ explorer's code as a cell
 * below the widget (app/insert-code.ts, the same plugin radlab's lab runs).
 */
import { insertCodePlugin } from "../app/insert-code.js";

export default [insertCodePlugin];
