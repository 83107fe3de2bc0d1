#!/usr/bin/env bash
# Writes data/jieba_posseg.txt.gz: jieba's part-of-speech HMM (jieba-rs 0.11,
# src/data/posseg.txt, MIT licence), the model jieba-rs tags a word outside its
# dictionary with. build.rs turns it into tables read in place (segment/posseg.rs),
# where jieba-rs parses the text in every process that meets such a word (30 ms).
# Run from the repository root after `cargo fetch`.
set -euo pipefail
src=$(ls -d ~/.cargo/registry/src/*/jieba-rs-0.11.*/src/data/posseg.txt | head -1)
gzip -9n < "$src" > data/jieba_posseg.txt.gz
