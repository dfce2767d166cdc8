"""Private helpers of the footprint engine; not part of the public interface."""
