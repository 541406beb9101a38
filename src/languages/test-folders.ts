// Folders whose files are tests or the helpers of tests, for the languages whose projects keep them apart by folder
// name: `test/`, `__tests__/`, and the folders named after a kind of test or a test helper (`integration_tests/`,
// `standard-tests/`, `test-utils/`, `testing/` as in a package's fake models). Their files are skipped unless
// --include-tests is given: a flag or a first-call read there is a test's own setup, not what the product runs.

/** One alternation of folder names, for a `(^|/)(...)/` test of a path. */
export const TEST_FOLDER = [
  "__tests__",
  "__mocks__",
  "tests?",
  "spec",
  "[\\w.-]*[-_]tests?",
  "tests?[-_][\\w.-]*",
  "_?testing",
  "testutils?",
  "testhelpers?",
].join("|");
