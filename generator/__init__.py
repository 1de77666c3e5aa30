"""評価書カタログ (pia): a static-site generator for Japan's 特定個人情報保護評価書."""

__version__ = "0.1.0"
