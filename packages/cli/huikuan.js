#!/usr/bin/env -S node --max-semi-space-size=64
// The `huikuan` command that npm links into node_modules/.bin. It lives in a workspace package of its own, not in
// the root package's "bin", because npx treats a bin of the project it is run in as a package to install: it then
// loads the whole dependency tree twice before starting the command (about 0.3 s on every `npx huikuan`). A bin
// in node_modules/.bin is started straight away.
import "../../bin/huikuan.js";
