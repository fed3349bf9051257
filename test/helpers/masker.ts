import { createTextMasker } from "../../src/secrets/mask-text.js";

/** One masking gate for the tests that build results by hand (its scanner is costly to make). */
export const masker = createTextMasker();
