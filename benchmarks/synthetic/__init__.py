"""A synthetic national corpus of 特定個人情報保護評価書, deterministic from a seed.

``python -m benchmarks.synthetic --size 1000 --seed 1 --out /tmp/corpus`` writes
/tmp/corpus/catalogue/<agency-slug>/<id>.yaml, files that ``pia validate`` accepts:
about 90% 基礎項目, 5% 重点項目 and 5% 全項目評価書 from every prefecture, 市区町村,
教育委員会, 後期高齢者医療広域連合 and national body, with field texts built from the
seeds' phrasing, contractor and citation surface forms and 変更箇所 rows.
"""

from benchmarks.synthetic.corpus import CorpusStats, generate_corpus

__all__ = ["CorpusStats", "generate_corpus"]
