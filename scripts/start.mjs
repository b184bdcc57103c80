// `npm start`: the main job, the demo study end to end (see `radlab study --help`).
import { main } from "../kernel-lib/dist/cli/main.js";

process.exitCode = await main(["study", ...process.argv.slice(2)]);
