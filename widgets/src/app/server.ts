/** The lab's entry point in server mode (Jupyter Server, tslab kernel): `radlab lab`, `npm start`. */
import { serverServicePlugins } from "./service-plugins.js";
import { startLab } from "./start.js";

void startLab({ servicePlugins: serverServicePlugins });
