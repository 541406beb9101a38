// Extended attributes that a rename would drop: the new file is made from scratch, and Node has no API to copy them.
// @napi-rs/xattr (a prebuilt binary per platform, no native build) lists them where a binary exists; elsewhere they
// cannot be seen, and docs/safety.md says so under "Limits". Only `user.*` attributes are looked for: `security.*`
// labels are set anew by the system on every file, and ACLs (`system.posix_acl_*`) are a documented limit.
type Lister = (file: string) => string[];

let lister: Lister | null | undefined;

function load(): Lister | null {
  if (lister === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module, loaded at the first write
      lister = (require("@napi-rs/xattr") as { listAttributesSync: Lister }).listAttributesSync;
    } catch {
      lister = null; // no binary for this platform
    }
  }
  return lister;
}

/** Whether attributes can be seen here at all (for tests and messages). */
export function canListXattrs(): boolean {
  return load() !== null;
}

/** The file's `user.*` extended attributes (a rename would drop them); [] when it has none or none can be seen. */
export function userXattrs(file: string): string[] {
  const list = load();
  if (!list) return [];
  try {
    return list(file).filter((name) => name.startsWith("user."));
  } catch {
    return []; // a file system without extended attributes (ENOTSUP)
  }
}
