#!/usr/bin/python3
"""hyphen.py OUT.pdf WORD... -- the PDF fixture of the hyphen rule (tests/formats/data/hyphen.en.pdf):
one paragraph of lines of one width in Courier, each line ending in the first part of a word and a
hyphen (a word written with a hyphen, "well-known", is cut at it), the next line starting with the
rest. It makes the fixture; it does not check anything (tests/formats/formats.sh does)."""
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WIDTH = 48  # characters a line


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pairs = [w.split('-', 1) if '-' in w else (w[:(len(w) + 1) // 2], w[(len(w) + 1) // 2:])
             for w in sys.argv[2:]]
    c = canvas.Canvas(sys.argv[1], pagesize=A4, invariant=1)
    c.setFont('Courier', 10)
    y, first = 760, 'The'
    for head, tail in pairs:
        fill = WIDTH - len(first) - len(head) - 3
        c.drawString(72, y, '%s %s %s-' % (first, 'z' * fill, head))
        y -= 12
        first = tail
    c.drawString(72, y, first + ' and the end.')
    c.save()


if __name__ == '__main__':
    main()
