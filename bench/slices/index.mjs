// Slices of the synthetic tree in languages other than TS/JS and Python: one module each, registered here.
import { config } from "./config.mjs";

export const SLICES = [...config];
