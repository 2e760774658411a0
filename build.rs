//! Generates the raw client from `openapi/mailbox-v2.json` into `$OUT_DIR/raw.rs`.
//!
//! Nothing else happens here: no network, no clock, no other input. The same code runs in
//! `cargo xtask regen`, which also writes the result to `generated/raw.rs` for review.

#[path = "openapi/codegen.rs"]
mod codegen;

const SPEC: &str = "openapi/mailbox-v2.json";

fn main() {
    for input in [SPEC, "openapi/codegen.rs", "build.rs"] {
        println!("cargo:rerun-if-changed={input}");
    }
    let spec = match std::fs::read_to_string(SPEC) {
        Ok(spec) => spec,
        Err(e) => fail(&format!("cannot read {SPEC}: {e}")),
    };
    let spec: openapiv3::OpenAPI = match serde_json::from_str(&spec) {
        Ok(spec) => spec,
        Err(e) => fail(&format!("{SPEC} is not an OpenAPI 3.0 document: {e}")),
    };
    let code = match codegen::generate(&spec) {
        Ok(code) => code,
        Err(e) => fail(&e),
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set; build.rs must run under cargo");
    };
    let out = std::path::Path::new(&out_dir).join("raw.rs");
    if let Err(e) = std::fs::write(&out, code) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}\nhint: run `cargo xtask regen` to see the failure per operation");
    std::process::exit(1);
}
