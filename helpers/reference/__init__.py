"""Reference implementations of the exercises, used by lesson demos."""
