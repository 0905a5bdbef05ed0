#!/usr/bin/env python3
"""Writes the tiny synthetic ATIS-shaped pickles the Java tests read (no ATIS content).

    python3 make_pickles.py OUT_DIR

fold-py2.pkl.gz   (train, valid, test, dicts), protocol 2 as Python 2's cPickle writes it: str as
                  SHORT_BINSTRING, numpy.core.multiarray._reconstruct, memo BINPUT/BINGET
                  (assembled opcode by opcode: Python 3 cannot write a Python 2 str)
fold-p2.pkl.gz    the same data, pickle.dump(protocol=2) from Python 3 with numpy int32 arrays
fold-p4.pkl       the same data, protocol 4, not gzip'd, int64 arrays and plain lists mixed
fold-p5.pkl.gz    the same data, protocol 5
full-p2.pkl       (train, test, dicts), protocol 2, lists of ints (the tutorial's atis.pkl shape)
"""
import gzip
import io
import pickle
import struct
import sys

WORDS = {'<UNK>': 0, 'show': 1, 'flights': 2, 'from': 3, 'boston': 4, 'to': 5, 'denver': 6}
# deliberately not alphabetical: the Java side must keep these indices
LABELS = {'O': 2, 'B-fromloc.city_name': 0, 'B-toloc.city_name': 1}
TABLES = {'<NOTABLE>': 0}
TRAIN = [([1, 2, 3, 4, 5, 6], [2, 2, 2, 0, 2, 1]), ([2, 3, 6, 5, 4], [2, 2, 0, 2, 1])]
VALID = [([3, 4, 5, 6], [2, 0, 2, 1])]
TEST = [([1, 2, 3, 6, 5, 4], [2, 2, 2, 0, 2, 1]), ([0, 3, 4], [2, 2, 0])]


def sets(array):
    out = []
    for part in (TRAIN, VALID, TEST):
        lex = [array(w) for w, _ in part]
        ne = [array([0] * len(w)) for w, _ in part]
        y = [array(l) for _, l in part]
        out.append((lex, ne, y))
    return out


def dicts():
    return {'words2idx': WORDS, 'labels2idx': LABELS, 'tables2idx': TABLES}


class Py2Writer:
    """Protocol 2 as Python 2.7's cPickle writes it for this data."""

    def __init__(self):
        self.out = io.BytesIO()
        self.memo = {}

    def op(self, b):
        self.out.write(b)

    def put(self, key):
        self.memo[key] = len(self.memo)
        self.op(b'q' + bytes([self.memo[key]]))

    def global_(self, module, name):
        key = module + ' ' + name
        if key in self.memo:
            self.op(b'h' + bytes([self.memo[key]]))
        else:
            self.op(b'c' + module.encode() + b'\n' + name.encode() + b'\n')
            self.put(key)

    def string(self, s):
        b = s if isinstance(s, bytes) else s.encode('latin-1')
        self.op((b'U' + bytes([len(b)]) if len(b) < 256 else b'T' + struct.pack('<i', len(b))) + b)

    def int_(self, i):
        if 0 <= i < 256:
            self.op(b'K' + bytes([i]))
        elif 0 <= i < 65536:
            self.op(b'M' + struct.pack('<H', i))
        else:
            self.op(b'J' + struct.pack('<i', i))

    def array(self, values):
        self.global_('numpy.core.multiarray', '_reconstruct')
        self.global_('numpy', 'ndarray')
        self.int_(0)
        self.op(b'\x85')
        self.string('b')
        self.op(b'\x87R(')
        self.int_(1)
        self.int_(len(values))
        self.op(b'\x85')
        self.global_('numpy', 'dtype')
        self.string('i4')
        self.int_(0)
        self.int_(1)
        self.op(b'\x87R(')
        self.int_(3)
        self.string('<')
        self.op(b'NNN')
        self.op(b'J' + struct.pack('<i', -1))
        self.op(b'J' + struct.pack('<i', -1))
        self.int_(0)
        self.op(b'tb\x89')
        self.string(struct.pack('<%di' % len(values), *values))
        self.op(b'tb')

    def value(self, v):
        if isinstance(v, tuple):
            if 1 <= len(v) <= 3:
                for x in v:
                    self.value(x)
                self.op(bytes([0x84 + len(v)]))
            else:
                self.op(b'(')
                for x in v:
                    self.value(x)
                self.op(b't')
        elif isinstance(v, list) and v and isinstance(v[0], int):
            self.array(v)
        elif isinstance(v, list):
            self.op(b']')
            if v:
                self.op(b'(')
                for x in v:
                    self.value(x)
                self.op(b'e')
        elif isinstance(v, dict):
            self.op(b'}(')
            for k, x in v.items():
                self.string(k)
                self.value(x)
            self.op(b'u')
        elif isinstance(v, int):
            self.int_(v)
        else:
            self.string(v)

    def dump(self, v):
        self.op(b'\x80\x02')
        self.value(v)
        self.op(b'.')
        return self.out.getvalue()


def main(out):
    import numpy as np
    py2 = Py2Writer().dump(tuple(sets(list)) + (dicts(),))
    with gzip.GzipFile(out + '/fold-py2.pkl.gz', 'wb', mtime=0) as f:
        f.write(py2)
    with gzip.GzipFile(out + '/fold-p2.pkl.gz', 'wb', mtime=0) as f:
        pickle.dump(tuple(sets(lambda v: np.asarray(v, dtype=np.int32))) + (dicts(),), f, protocol=2)
    mixed = sets(lambda v: np.asarray(v, dtype=np.int64))
    mixed[2] = (mixed[2][0], mixed[2][1], [list(map(int, y)) for y in mixed[2][2]])
    with open(out + '/fold-p4.pkl', 'wb') as f:
        pickle.dump(tuple(mixed) + (dicts(),), f, protocol=4)
    with gzip.GzipFile(out + '/fold-p5.pkl.gz', 'wb', mtime=0) as f:
        pickle.dump(tuple(sets(lambda v: np.asarray(v, dtype=np.int32))) + (dicts(),), f, protocol=5)
    train, _, test = sets(list)
    with open(out + '/full-p2.pkl', 'wb') as f:
        pickle.dump((train, test, dicts()), f, protocol=2)


if __name__ == '__main__':
    main(sys.argv[1])
