#!/usr/bin/env python3
"""ber-to-der.py IN OUT - rewrite a BER-encoded CMS message (indefinite lengths and chunked strings, as written by
`openssl cms -encrypt -stream -outform DER`) with definite lengths and the chunks of the encrypted content joined.

openssl cannot itself write a definite-length message over 2 GiB (it holds the message in one buffer and fails),
yet other generators can: the large tests use this to make one, independently of the tool under test. Only the
element tree is held in memory; the content is copied from the mapped input.

Chunked strings are joined where an OCTET STRING (0x24) or a context-specific constructed element (the
[0] IMPLICIT encrypted content) holds nothing but OCTET STRING chunks: enough for what openssl writes for
RSA (key transport) recipients.
"""
import mmap
import sys

sys.setrecursionlimit(10000)


def header(buf, pos):
    start = pos
    tag = buf[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while buf[pos] & 0x80:
            pos += 1
        pos += 1
    tag_bytes = bytes(buf[start:pos])
    first = buf[pos]
    pos += 1
    if first == 0x80:
        return tag_bytes, None, pos
    if first < 0x80:
        return tag_bytes, first, pos
    n = first & 0x7F
    return tag_bytes, int.from_bytes(buf[pos:pos + n], "big"), pos + n


def parse(buf, pos):
    """(node, next position); a node is ('p', tag, [(offset, length)...]) or ('c', tag, [children])."""
    tag, length, pos = header(buf, pos)
    if not tag[0] & 0x20:
        return ("p", tag, [(pos, length)]), pos + length
    children = []
    if length is None:
        while not (buf[pos] == 0 and buf[pos + 1] == 0):
            child, pos = parse(buf, pos)
            children.append(child)
        pos += 2
    else:
        stop = pos + length
        while pos < stop:
            child, pos = parse(buf, pos)
            children.append(child)
    joinable = tag[0] == 0x24 or (tag[0] & 0xC0) == 0x80
    if joinable and children and all(c[0] == "p" and c[1] == b"\x04" for c in children):
        segments = [s for c in children for s in c[2]]
        return ("p", bytes([tag[0] & ~0x20]) + tag[1:], segments), pos
    return ("c", tag, children), pos


def length_bytes(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def content_size(node):
    if node[0] == "p":
        return sum(length for _, length in node[2])
    return sum(total_size(c) for c in node[2])


def total_size(node):
    size = content_size(node)
    return len(node[1]) + len(length_bytes(size)) + size


def write(out, buf, node):
    out.write(node[1])
    out.write(length_bytes(content_size(node)))
    if node[0] == "p":
        for offset, length in node[2]:
            for i in range(offset, offset + length, 16 << 20):
                out.write(buf[i:min(i + (16 << 20), offset + length)])
    else:
        for child in node[2]:
            write(out, buf, child)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ber-to-der.py IN OUT")
    with open(sys.argv[1], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        root, _ = parse(buf, 0)
        with open(sys.argv[2], "wb") as out:
            write(out, buf, root)


if __name__ == "__main__":
    main()
