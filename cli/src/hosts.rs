//! The hosts an app builds for, and the entry module each one runs: a few plain lines of JS
//! from the templates in `cli/hosts/`, filled in with the glue's name.

use std::fmt::Write as _;

use clap::ValueEnum;

/// A JS host of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Host {
    /// workerd and Cloudflare Workers: a module worker (`npx wrangler dev`)
    Workerd,
    /// Node 20+ with node:http (`node build/node/server.mjs`)
    Node,
    /// Deno 2 with Deno.serve (`deno run -A build/deno/server.mjs`)
    Deno,
    /// Bun with Bun.serve (`bun build/bun/server.mjs`)
    Bun,
    /// Browsers: an ES module and a Service Worker (serve build/browser/public)
    Browser,
}

/// The workerd entry's handlers beyond `fetch`: (wasm export, module worker handler).
/// When the wasm exports one, the entry imports it and hands it to workerd, so a queue or
/// cron export needs a line here and nothing else. Durable Object classes, which workerd
/// takes as named exports of the entry, are generated the same way from the glue's exports.
const WORKERD_HANDLERS: &[(&str, &str)] = &[("queue", "queue"), ("scheduled", "scheduled")];

impl Host {
    /// Every host, in the order the README lists them.
    pub const ALL: [Host; 5] = [
        Host::Workerd,
        Host::Node,
        Host::Deno,
        Host::Bun,
        Host::Browser,
    ];

    /// The host's name, and its folder under `build/`.
    pub fn name(self) -> &'static str {
        match self {
            Host::Workerd => "workerd",
            Host::Node => "node",
            Host::Deno => "deno",
            Host::Bun => "bun",
            Host::Browser => "browser",
        }
    }

    /// Where the glue goes, relative to the host's folder: browsers fetch it, so it is a
    /// static file there.
    pub fn pkg_dir(self) -> &'static str {
        match self {
            Host::Browser => "public/pkg",
            _ => "pkg",
        }
    }

    /// The one command that serves the build, from the app's folder.
    pub fn serve_command(self) -> &'static str {
        match self {
            Host::Workerd => "npx wrangler dev",
            Host::Node => "node build/node/server.mjs",
            Host::Deno => "deno run -A build/deno/server.mjs",
            Host::Bun => "bun build/bun/server.mjs",
            Host::Browser => {
                "serve build/browser/public and register /sw.js as a module Service Worker"
            }
        }
    }

    /// The entry files, relative to the host's folder: (path, contents).
    /// `objects` are the Durable Object classes the wasm defines (workerd only).
    pub fn entry(
        self,
        stem: &str,
        exports: &[String],
        objects: &[String],
    ) -> Vec<(&'static str, String)> {
        let fill = |template: &str| {
            template
                .replace("{{startPool}}", &start_pool(exports))
                .replace("{{stem}}", stem)
        };
        match self {
            Host::Workerd => vec![("worker.js", workerd(stem, exports, objects))],
            Host::Node => server(fill(include_str!("../hosts/node.mjs")), fill),
            Host::Deno => server(fill(include_str!("../hosts/deno.mjs")), fill),
            Host::Bun => server(fill(include_str!("../hosts/bun.mjs")), fill),
            Host::Browser => vec![
                (
                    "public/edgeapi.js",
                    fill(include_str!("../hosts/browser.js")),
                ),
                ("public/sw.js", fill(include_str!("../hosts/sw.js"))),
            ],
        }
    }
}

/// A server entry and the app module it shares with the other servers.
fn server(entry: String, fill: impl Fn(&str) -> String) -> Vec<(&'static str, String)> {
    vec![
        ("server.mjs", entry),
        ("app.mjs", fill(include_str!("../hosts/app.mjs"))),
    ]
}

/// How the browser and server entries get `startPool`: from the glue when the app lists
/// tasks (`edgeapi::tasks!` exports it), else a stand-in answering 0 workers, so a page
/// calls it the same way either way (an app without tasks has nothing to run on a pool).
fn start_pool(exports: &[String]) -> String {
    if exports.iter().any(|name| name == "startPool") {
        "import { startPool } from \"./pkg/{{stem}}.js\";".to_owned()
    } else {
        "/** The app lists no `edgeapi::tasks!`: no pool to start. */\nconst startPool = () => 0;"
            .to_owned()
    }
}

fn workerd(stem: &str, exports: &[String], objects: &[String]) -> String {
    let mut imports = String::from("handle, recover");
    let mut classes = String::new();
    if !objects.is_empty() {
        imports.push_str(", objectFetch, objectAlarm, objectMessage, objectClose, objectDrop");
        classes.push_str(include_str!("../hosts/workerd-objects.js"));
        for class in objects {
            write!(
                classes,
                "\nexport class {class} extends RustObject {{\n  constructor(ctx, env) {{\n    super(\"{class}\", ctx, env);\n  }}\n}}\n"
            )
            .expect("writing to a String");
        }
    }
    let mut handlers = String::new();
    for (export, handler) in WORKERD_HANDLERS {
        if exports.iter().any(|name| name == export) {
            write!(imports, ", {export}").expect("writing to a String");
            write!(
                handlers,
                "\n  {handler}(event, env, ctx) {{\n    return settle(() => {export}(event, env, ctx));\n  }},"
            )
            .expect("writing to a String");
        }
    }
    include_str!("../hosts/workerd.js")
        .replace("{{stem}}", stem)
        .replace("{{imports}}", &imports)
        .replace("{{handlers}}", &handlers)
        .replace("{{objects}}", &classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workerd_entry_hands_over_what_the_wasm_exports() {
        let plain = workerd("app", &["handle".into(), "startPool".into()], &[]);
        assert!(plain.contains(r#"import { initSync, handle, recover } from "./pkg/app.js";"#));
        assert!(plain.contains(r#"import wasm from "./pkg/app_bg.wasm";"#));
        assert!(!plain.contains("queue("));
        let more = workerd("app", &["handle".into(), "queue".into()], &[]);
        assert!(more.contains("import { initSync, handle, recover, queue }"));
        assert!(more.contains("  queue(event, env, ctx) {\n    return settle(() => queue(event, env, ctx));\n  },\n};"));
    }

    #[test]
    fn each_durable_object_is_a_class_of_the_entry() {
        let entry = workerd(
            "app",
            &["handle".into()],
            &["Counter".into(), "Room".into()],
        );
        assert!(entry.contains(
            "import { initSync, handle, recover, objectFetch, objectAlarm, objectMessage, objectClose, objectDrop }"
        ));
        assert!(entry.contains("export class Counter extends RustObject {\n  constructor(ctx, env) {\n    super(\"Counter\", ctx, env);"));
        assert!(entry.contains("export class Room extends RustObject {"));
        assert!(!workerd("app", &["handle".into()], &[]).contains("RustObject"));
    }

    #[test]
    fn start_pool_comes_from_the_glue_when_the_app_has_tasks() {
        let with = Host::Browser.entry("app", &["handle".into(), "startPool".into()], &[]);
        assert!(with[0]
            .1
            .contains(r#"import { startPool } from "./pkg/app.js";"#));
        let without = Host::Node.entry("app", &["handle".into()], &[]);
        let app = &without[1].1;
        assert!(app.contains("const startPool = () => 0;"));
        assert!(!app.contains("import { startPool }"));
    }

    #[test]
    fn every_template_is_filled() {
        for host in Host::ALL {
            for (path, text) in host.entry("my_app", &["handle".into()], &["Counter".into()]) {
                assert!(!text.contains("{{"), "{path} of {host:?} has a hole");
            }
        }
    }
}
