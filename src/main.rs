fn main() {
    std::process::exit(tplg::cli::run(std::env::args_os()));
}
