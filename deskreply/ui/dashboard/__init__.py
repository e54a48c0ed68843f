"""The coaching dashboard: figures from deskreply.metrics, charts drawn with QPainter."""
