//! Writes the workflows of a blueprint under a directory, for running linters over them:
//! `cargo run -p plinth-workflows --example render -- <blueprint.toml> <out dir in repo> <dest>`.

use std::path::Path;

use plinth_blueprint::{SourceFile, load};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [blueprint_path, out_dir, destination] = args.as_slice() else {
        eprintln!("usage: render <blueprint.toml> <out dir in repo> <destination>");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(blueprint_path).expect("readable blueprint");
    let blueprint = load(&SourceFile::new(blueprint_path, text))
        .unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
        .blueprint;
    let files = plinth_workflows::emit(&blueprint, blueprint_path, out_dir)
        .unwrap_or_else(|error| panic!("{error}"));
    for file in files {
        let path = Path::new(destination).join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable destination");
        std::fs::write(&path, file.contents).expect("writable destination");
        println!("{}", path.display());
    }
}
