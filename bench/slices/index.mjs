// Slices of the synthetic tree in languages other than TS/JS and Python: one module each, registered here.
import { csharp } from "./csharp.mjs";

export const SLICES = [csharp];
