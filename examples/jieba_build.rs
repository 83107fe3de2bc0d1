//! How long building jieba's dictionary takes: the default one, and one of only
//! the words at or above a frequency (`cargo run --release --example jieba_build -- DICT MINFREQ`).
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let j = jieba_rs::Jieba::new();
    println!("default: {:?} ({} words cut)", t.elapsed(), j.cut("2024年中国AI大模型市场规模达到165亿元", true).len());
    let mut args = std::env::args().skip(1);
    if let (Some(path), Some(min)) = (args.next(), args.next()) {
        let min: u64 = min.parse().unwrap_or(0);
        let text = std::fs::read_to_string(path).unwrap();
        let t = Instant::now();
        let kept: String = text
            .lines()
            .filter(|l| l.split_whitespace().nth(1).and_then(|f| f.parse::<u64>().ok()).is_some_and(|f| f >= min))
            .flat_map(|l| [l, "\n"])
            .collect();
        let j = jieba_rs::Jieba::with_dict(&mut std::io::BufReader::new(kept.as_bytes())).unwrap();
        println!("freq >= {min}: {:?} ({} words)", t.elapsed(), kept.lines().count());
        let _ = j;
    }
}
