//! Every workflow of every example blueprint, snapshotted, so a reviewer sees exactly what a
//! template or model change does to the YAML users commit.

mod common;

#[test]
fn workflows_match_their_snapshots() {
    for example in common::examples() {
        let stem = example.trim_end_matches(".toml");
        for file in common::workflows(&example) {
            let name = file
                .path
                .rsplit('/')
                .next()
                .expect("a file name")
                .trim_end_matches(".yml");
            insta::assert_snapshot!(format!("{stem}__{name}"), file.contents);
        }
    }
}
