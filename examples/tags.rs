fn main() {
    for s in std::env::args().skip(1) {
        let qs = report::quantity::scan(&s);
        let t: Vec<String> = report::segment::tag(&s, &qs).iter().map(|t| format!("{}/{}", t.word, t.tag)).collect();
        println!("{}", t.join(" "));
    }
}
