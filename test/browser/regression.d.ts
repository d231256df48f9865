// Types for regression.js, a classic script (also imported by test/browser.test.ts for its side
// effect: it defines globalThis.runRegression and globalThis.runAndPublish).
export {};
