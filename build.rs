// The macro library is embedded with include_dir!, which cargo cannot track:
// rebuild whenever a library file changes.
fn main() {
    println!("cargo:rerun-if-changed=macros");
    println!("cargo:rerun-if-changed=platforms");
    println!("cargo:rerun-if-changed=grammar");
}
