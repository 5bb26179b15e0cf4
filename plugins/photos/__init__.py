"""Photos plugin: renditions, content-addressed cache, <picture> markup.

The rendition engine (``renditions`` and the modules it re-exports) imports
neither Pelican nor Markdown; the Pelican glue (``register()``) belongs here and
should import its Pelican pieces lazily, because pool workers import this
package too.
"""
