/* arabnews._linkscan: the compiled first pass of arabnews_linker (optional; arabnews/linker.py has a pure-Python
 * path that gives identical output and is used when this module is not built or ARABNEWS_PURE_PYTHON=1).
 *
 * Table: token strings already analysed, by ORTH hash (open addressing over compact slots: hash, flags, entry
 * index), each entry with its normalised key, key skeleton and name starts (see EntityLinker._analyse / _flags).
 * One call per document, Table.scan, reads the array of doc.to_array([ORTH, IDX, LENGTH, ENT_KB_ID]) and returns
 * the token keys and ORTH hashes (read-only sequences that fetch an item on access, so that the strings of the
 * ~350 tokens of an article are not touched unless a rule reads them), whether a token has a KB id, for each token
 * that may begin a name the longest KB name that starts there, exactly as the Python loop in
 * EntityLinker._matches finds it (the KB look-ups go through the linker's cache dict and its look-up method), and
 * the tokens' character offsets. Also: char_range (character offsets of a token range), link_records (the link
 * records of the decided mentions and the rows of the entity columns) and ent_columns (the ENT_IOB, ENT_TYPE,
 * ENT_KB_ID columns that Doc.from_array writes).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define F_SEEN 1
#define LINKSCAN_ABI 3 /* bump with every change of what scan/add/views take or return (linker.py _LINKSCAN_ABI) */
#define F_STARTS 2
#define F_NOT_ALONE 4
#define F_CONTINUES 8

typedef struct {
    uint64_t orth;
    uint32_t entry;
    uint8_t flags; /* 0: empty slot (F_SEEN is always set) */
} Slot;

typedef struct {
    uint64_t orth;
    PyObject *key;    /* str */
    PyObject *skel;   /* str: skeleton(key) */
    PyObject *starts; /* tuple of readings (first, n_clitic, longest, single, seconds, skeletons) */
} Entry;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    Py_ssize_t cap; /* slots, a power of 2 */
    Entry *entries;
    Py_ssize_t used, entries_cap;
    uint64_t generation; /* changes at clear(): views made before then refuse to read */
    int scanning;        /* > 0 while scan() runs: it calls Python (the KB look-up), which must not change the table */
} Table;

typedef struct {
    PyObject_HEAD
    Table *table;
    uint64_t generation;
    uint32_t *idx; /* entry of each token */
    Py_ssize_t n;
    int orths; /* 0: keys (str), 1: ORTH hashes (int) */
} View;

static PyTypeObject ViewType;

static inline uint64_t mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static Slot *find(Slot *slots, Py_ssize_t cap, uint64_t orth) {
    Py_ssize_t mask = cap - 1;
    Py_ssize_t i = (Py_ssize_t)(mix(orth) & (uint64_t)mask);
    for (;;) {
        Slot *e = &slots[i];
        if (!e->flags || e->orth == orth)
            return e;
        i = (i + 1) & mask;
    }
}

static void release_entries(Table *t) {
    for (Py_ssize_t i = 0; i < t->used; i++) {
        Py_XDECREF(t->entries[i].key);
        Py_XDECREF(t->entries[i].skel);
        Py_XDECREF(t->entries[i].starts);
    }
    t->used = 0;
}

static int grow(Table *t) {
    Py_ssize_t cap = t->cap * 2;
    Slot *slots = PyMem_Calloc((size_t)cap, sizeof(Slot));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < t->cap; i++) {
        if (t->slots[i].flags)
            *find(slots, cap, t->slots[i].orth) = t->slots[i];
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

/* add/clear/__init__ must not run while scan() runs (scan calls Python, the KB look-up, and holds pointers into the
 * table); a table made by __new__ without __init__ has no storage. Either is a clear error, not a crash. */
static int usable(Table *self) {
    if (self->scanning) {
        PyErr_SetString(PyExc_RuntimeError, "arabnews_linker: the table changed during a scan (one nlp object is being "
                                            "used by two threads at once: give each thread its own pipeline)");
        return 0;
    }
    if (!self->slots || !self->entries) {
        PyErr_SetString(PyExc_RuntimeError, "arabnews._linkscan.Table was not initialised");
        return 0;
    }
    return 1;
}

static int Table_init(Table *self, PyObject *args, PyObject *kwds) {
    (void)kwds;
    if (self->scanning) {
        usable(self);
        return -1;
    }
    if (!PyArg_ParseTuple(args, ""))
        return -1;
    if (self->entries)
        release_entries(self);
    PyMem_Free(self->slots);
    PyMem_Free(self->entries);
    self->cap = 1 << 12;
    self->entries_cap = 1 << 10;
    self->used = 0;
    self->generation++;
    self->slots = PyMem_Calloc((size_t)self->cap, sizeof(Slot));
    self->entries = PyMem_Calloc((size_t)self->entries_cap, sizeof(Entry));
    if (!self->slots || !self->entries) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void Table_dealloc(Table *self) {
    if (self->entries)
        release_entries(self);
    PyMem_Free(self->slots);
    PyMem_Free(self->entries);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t Table_len(Table *self) { return self->used; }

static PyObject *Table_add(Table *self, PyObject *args) {
    PyObject *orth_obj, *key, *skel, *starts;
    int flags;
    if (!usable(self))
        return NULL;
    if (!PyArg_ParseTuple(args, "O!iUUO!", &PyLong_Type, &orth_obj, &flags, &key, &skel, &PyTuple_Type, &starts))
        return NULL;
    if (!(flags & F_SEEN) || flags > 255) {
        PyErr_SetString(PyExc_ValueError, "flags must include the 'seen' bit and fit in 8 bits");
        return NULL;
    }
    uint64_t orth = PyLong_AsUnsignedLongLong(orth_obj);
    if (orth == (uint64_t)-1 && PyErr_Occurred())
        return NULL;
    if ((self->used + 1) * 2 > self->cap && grow(self) < 0)
        return NULL;
    Slot *slot = find(self->slots, self->cap, orth);
    Entry *e;
    if (slot->flags) { /* known string: its entry is replaced */
        e = &self->entries[slot->entry];
        Py_XDECREF(e->key);
        Py_XDECREF(e->skel);
        Py_XDECREF(e->starts);
    } else {
        if (self->used >= UINT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "too many strings");
            return NULL;
        }
        if (self->used == self->entries_cap) {
            Entry *entries = PyMem_Realloc(self->entries, sizeof(Entry) * (size_t)(self->entries_cap * 2));
            if (!entries) {
                PyErr_NoMemory();
                return NULL;
            }
            self->entries = entries;
            self->entries_cap *= 2;
        }
        slot->orth = orth;
        slot->entry = (uint32_t)self->used;
        e = &self->entries[self->used++];
    }
    Py_INCREF(key);
    Py_INCREF(skel);
    Py_INCREF(starts);
    e->orth = orth;
    e->key = key;
    e->skel = skel;
    e->starts = starts;
    slot->flags = (uint8_t)flags;
    Py_RETURN_NONE;
}

static PyObject *Table_clear(Table *self, PyObject *Py_UNUSED(ignored)) {
    if (!usable(self))
        return NULL;
    release_entries(self);
    memset(self->slots, 0, sizeof(Slot) * (size_t)self->cap);
    self->generation++;
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- views: keys / ORTH hashes of a document */
static PyObject *View_new(Table *table, const uint32_t *idx, Py_ssize_t n, int orths) {
    View *v = PyObject_New(View, &ViewType);
    if (!v)
        return NULL;
    v->idx = PyMem_Malloc(sizeof(uint32_t) * (size_t)(n ? n : 1));
    if (!v->idx) {
        v->table = NULL;
        Py_DECREF(v);
        return PyErr_NoMemory();
    }
    memcpy(v->idx, idx, sizeof(uint32_t) * (size_t)n);
    Py_INCREF(table);
    v->table = table;
    v->generation = table->generation;
    v->n = n;
    v->orths = orths;
    return (PyObject *)v;
}

static void View_dealloc(View *self) {
    PyMem_Free(self->idx);
    Py_XDECREF(self->table);
    PyObject_Free(self);
}

static Py_ssize_t View_len(View *self) { return self->n; }

static PyObject *View_item(View *self, Py_ssize_t i) {
    if (i < 0 || i >= self->n) {
        PyErr_SetString(PyExc_IndexError, "token index out of range");
        return NULL;
    }
    if (self->generation != self->table->generation) {
        PyErr_SetString(PyExc_RuntimeError, "the linker's caches were cleared after this document was scanned");
        return NULL;
    }
    Entry *e = &self->table->entries[self->idx[i]];
    if (self->orths)
        return PyLong_FromUnsignedLongLong(e->orth);
    Py_INCREF(e->key);
    return e->key;
}

static PyObject *View_subscript(View *self, PyObject *item) {
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += self->n;
        return View_item(self, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(item, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t len = PySlice_AdjustIndices(self->n, &start, &stop, step);
        PyObject *out = PyList_New(len);
        if (!out)
            return NULL;
        for (Py_ssize_t k = 0, i = start; k < len; k++, i += step) {
            PyObject *x = View_item(self, i);
            if (!x) {
                Py_DECREF(out);
                return NULL;
            }
            PyList_SET_ITEM(out, k, x);
        }
        return out;
    }
    PyErr_Format(PyExc_TypeError, "indices must be integers or slices, not %.200s", Py_TYPE(item)->tp_name);
    return NULL;
}

static PySequenceMethods View_as_sequence = {
    .sq_length = (lenfunc)View_len,
    .sq_item = (ssizeargfunc)View_item,
};

static PyMappingMethods View_as_mapping = {
    .mp_length = (lenfunc)View_len,
    .mp_subscript = (binaryfunc)View_subscript,
};

static PyTypeObject ViewType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "arabnews._linkscan.TokenView",
    .tp_doc = "The normalised keys (or ORTH hashes) of a document's tokens, read from the table on access.",
    .tp_basicsize = sizeof(View),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)View_dealloc,
    .tp_as_sequence = &View_as_sequence,
    .tp_as_mapping = &View_as_mapping,
};

/* A C-contiguous 2-D uint64 array (n tokens x ncols >= 1): ORTH first, then IDX, LENGTH, ENT_KB_ID. */
static int get_array(PyObject *arr, Py_buffer *view, Py_ssize_t *n, Py_ssize_t *ncols) {
    if (PyObject_GetBuffer(arr, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    if (view->itemsize != 8 || view->ndim < 1 || view->ndim > 2 ||
        (view->format && strcmp(view->format, "L") && strcmp(view->format, "Q") && strcmp(view->format, "<Q") &&
         strcmp(view->format, "=Q") && strcmp(view->format, "<L"))) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_TypeError, "expected a C-contiguous uint64 array");
        return -1;
    }
    *n = view->shape[0];
    *ncols = view->ndim == 2 ? view->shape[1] : 1;
    if (*ncols < 1 && *n > 0) { /* no ORTH column to read */
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "expected at least one column (ORTH)");
        return -1;
    }
    return 0;
}

static PyObject *lookup_words(PyObject *words, PyObject *cache, PyObject *lookup) {
    PyObject *found = PyDict_GetItemWithError(cache, words); /* borrowed */
    if (found) {
        Py_INCREF(found);
        return found;
    }
    if (PyErr_Occurred())
        return NULL;
    return PyObject_CallOneArg(lookup, words);
}

/* scan(arr, cache, lookup, max_len) -> list of missing ORTH hashes (ints, each once) when some token string is not
 * in the table; else (keys, orths, has_kb_id, matches, offsets) with matches = [(start, n_tokens, candidates,
 * clitic), ...] and offsets the bytes of each token's (start char, end char) as int64 pairs (see char_range). */
static PyObject *scan_document(Table *self, PyObject *args);

static PyObject *Table_scan(Table *self, PyObject *args) {
    if (!usable(self))
        return NULL;
    self->scanning++;
    PyObject *out = scan_document(self, args);
    self->scanning--;
    return out;
}

static PyObject *scan_document(Table *self, PyObject *args) {
    PyObject *arr, *cache, *lookup;
    Py_ssize_t max_len;
    if (!PyArg_ParseTuple(args, "OO!On", &arr, &PyDict_Type, &cache, &lookup, &max_len))
        return NULL;
    Py_buffer view;
    Py_ssize_t n, ncols;
    if (get_array(arr, &view, &n, &ncols) < 0)
        return NULL;
    const uint64_t *a = (const uint64_t *)view.buf;
    PyObject *result = NULL, *keys = NULL, *orths = NULL, *matches = NULL, *missing = NULL, *offsets = NULL;
    int has_kb_id = 0;
    uint32_t *idx = PyMem_Malloc(sizeof(uint32_t) * (size_t)(n ? n : 1));
    uint8_t *flags = PyMem_Malloc((size_t)(n ? n : 1));
    if (!idx || !flags) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Slot *slot = find(self->slots, self->cap, a[i * ncols]);
        flags[i] = slot->flags;
        idx[i] = slot->entry;
        if (!slot->flags && !missing && !(missing = PyList_New(0)))
            goto done;
    }
    if (missing) {
        PyObject *seen = PySet_New(NULL);
        if (!seen)
            goto done;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (flags[i])
                continue;
            PyObject *o = PyLong_FromUnsignedLongLong(a[i * ncols]);
            if (!o) {
                Py_DECREF(seen);
                goto done;
            }
            int has = PySet_Contains(seen, o);
            if (has == 0 && (PySet_Add(seen, o) < 0 || PyList_Append(missing, o) < 0))
                has = -1;
            Py_DECREF(o);
            if (has < 0) {
                Py_DECREF(seen);
                goto done;
            }
        }
        Py_DECREF(seen);
        result = missing;
        missing = NULL;
        goto done;
    }
    /* the KB look-ups below run Python code (another thread may then add strings, which can move the entry array,
       or clear the table): entries are read through self->entries, and a cleared table stops the scan */
    uint64_t generation = self->generation;
    keys = View_new(self, idx, n, 0);
    orths = View_new(self, idx, n, 1);
    matches = PyList_New(0);
    offsets = PyBytes_FromStringAndSize(NULL, 2 * n * (Py_ssize_t)sizeof(int64_t));
    if (!keys || !orths || !matches || !offsets)
        goto done;
    int64_t *o = (int64_t *)PyBytes_AS_STRING(offsets);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (ncols >= 3) {
            o[2 * i] = (int64_t)a[i * ncols + 1];
            o[2 * i + 1] = (int64_t)(a[i * ncols + 1] + a[i * ncols + 2]);
        } else {
            o[2 * i] = o[2 * i + 1] = 0;
        }
        if (ncols >= 4 && a[i * ncols + 3])
            has_kb_id = 1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint8_t fl = flags[i];
        if (!(fl & F_STARTS))
            continue;
        /* a token that may start a name only as the first word of a longer one is kept only when the next token
           may continue some name */
        if ((fl & F_NOT_ALONE) && !(i + 1 < n && (flags[i + 1] & F_CONTINUES)))
            continue;
        if (self->generation != generation) {
            PyErr_SetString(PyExc_RuntimeError, "the linker's caches were cleared during a scan");
            goto done;
        }
        /* borrowed from the entries, which keep them while the table is not cleared (checked above) */
        PyObject *following = i + 1 < n ? self->entries[idx[i + 1]].key : NULL;
        PyObject *following_skel = i + 1 < n ? self->entries[idx[i + 1]].skel : NULL;
        PyObject *starts = self->entries[idx[i]].starts;
        Py_INCREF(starts); /* held across the look-ups */
        Py_XINCREF(following);
        Py_XINCREF(following_skel);
        PyObject *best = NULL; /* new reference */
        Py_ssize_t best_n = 0;
        int best_clitic = 0;
        for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(starts); r++) {
            PyObject *reading = PyTuple_GET_ITEM(starts, r);
            if (!PyTuple_Check(reading) || PyTuple_GET_SIZE(reading) != 6) {
                PyErr_SetString(PyExc_TypeError, "a name start must be a 6-tuple");
                goto fail_start;
            }
            PyObject *first = PyTuple_GET_ITEM(reading, 0);
            long n_clitic = PyLong_AsLong(PyTuple_GET_ITEM(reading, 1));
            Py_ssize_t longest = PyLong_AsSsize_t(PyTuple_GET_ITEM(reading, 2));
            if (PyErr_Occurred()) {
                goto fail_start;
            }
            PyObject *single = PyTuple_GET_ITEM(reading, 3);
            PyObject *seconds = PyTuple_GET_ITEM(reading, 4);
            PyObject *skeletons = PyTuple_GET_ITEM(reading, 5);
            int go_on = 0;
            if (longest > 1 && following) {
                go_on = PySequence_Contains(seconds, following);
                if (go_on == 0) {
                    int nonempty = PyObject_IsTrue(skeletons);
                    go_on = nonempty > 0 ? PySequence_Contains(skeletons, following_skel) : nonempty;
                }
                if (go_on < 0) {
                    goto fail_start;
                }
            }
            if (go_on) {
                Py_ssize_t top = max_len;
                if (n - i < top)
                    top = n - i;
                if (longest < top)
                    top = longest;
                for (Py_ssize_t k = top; k > best_n; k--) {
                    PyObject *cands;
                    if (k == 1) {
                        cands = single;
                        Py_INCREF(cands);
                    } else {
                        if (self->generation != generation) {
                            PyErr_SetString(PyExc_RuntimeError, "the linker's caches were cleared during a scan");
                            goto fail_start;
                        }
                        PyObject *words = PyTuple_New(k);
                        if (!words) {
                            goto fail_start;
                        }
                        Py_INCREF(first);
                        PyTuple_SET_ITEM(words, 0, first);
                        for (Py_ssize_t w = 1; w < k; w++) {
                            PyObject *word = self->entries[idx[i + w]].key;
                            Py_INCREF(word);
                            PyTuple_SET_ITEM(words, w, word);
                        }
                        cands = lookup_words(words, cache, lookup);
                        Py_DECREF(words);
                        if (!cands) {
                            goto fail_start;
                        }
                    }
                    int truth = PyObject_IsTrue(cands);
                    if (truth < 0) {
                        Py_DECREF(cands);
                        goto fail_start;
                    }
                    if (truth) {
                        Py_XDECREF(best);
                        best = cands;
                        best_n = k;
                        best_clitic = n_clitic > 0;
                        break;
                    }
                    Py_DECREF(cands);
                }
            } else if (!best_n) {
                int truth = PyObject_IsTrue(single);
                if (truth < 0) {
                    goto fail_start;
                }
                if (truth) {
                    Py_INCREF(single);
                    Py_XDECREF(best);
                    best = single;
                    best_n = 1;
                    best_clitic = n_clitic > 0;
                }
            }
        }
        if (best) {
            PyObject *m = Py_BuildValue("(nnOO)", i, best_n, best, best_clitic ? Py_True : Py_False);
            if (!m || PyList_Append(matches, m) < 0) {
                Py_XDECREF(m);
                goto fail_start;
            }
            Py_DECREF(m);
            Py_DECREF(best);
        }
        Py_DECREF(starts);
        Py_XDECREF(following);
        Py_XDECREF(following_skel);
        continue;
    fail_start:
        Py_XDECREF(best);
        Py_DECREF(starts);
        Py_XDECREF(following);
        Py_XDECREF(following_skel);
        goto done;
    }
    result = Py_BuildValue("(OOOOO)", keys, orths, has_kb_id ? Py_True : Py_False, matches, offsets);
done:
    PyMem_Free(idx);
    PyMem_Free(flags);
    Py_XDECREF(keys);
    Py_XDECREF(orths);
    Py_XDECREF(matches);
    Py_XDECREF(missing);
    Py_XDECREF(offsets);
    PyBuffer_Release(&view);
    return result;
}

/* char_range(offsets, start, end) -> (start_char, end_char) of tokens start..end-1 (offsets: from scan). */
static PyObject *char_range(PyObject *module, PyObject *args) {
    PyObject *offsets;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "O!nn", &PyBytes_Type, &offsets, &start, &end))
        return NULL;
    Py_ssize_t n = PyBytes_GET_SIZE(offsets) / (Py_ssize_t)(2 * sizeof(int64_t));
    if (start < 0 || end <= start || end > n) {
        PyErr_SetString(PyExc_IndexError, "token range out of the document");
        return NULL;
    }
    const int64_t *o = (const int64_t *)PyBytes_AS_STRING(offsets);
    return Py_BuildValue("(LL)", (long long)o[2 * start], (long long)o[2 * (end - 1) + 1]);
}

/* add(string) through a dict of the strings already added during this call (a document repeats its labels and
 * QIDs; StringStore.add returns the same hash for the same string, the first call interns it). */
static PyObject *add_once(PyObject *ids, PyObject *add, PyObject *string) {
    PyObject *id = PyDict_GetItemWithError(ids, string);
    if (id) {
        Py_INCREF(id);
        return id;
    }
    if (PyErr_Occurred())
        return NULL;
    id = PyObject_CallOneArg(add, string);
    if (id && PyDict_SetItem(ids, string, id) < 0)
        Py_CLEAR(id);
    return id;
}

/* link_records(decided, offsets, key_head, data, get, add) -> ents: for each (mention, label, chosen, ranked) of
 * decided, data[key_head + (start_char, end_char)] = {"name": entity.en or "", "candidates": [list(c) for c in
 * ranked]} with entity = get(chosen) if chosen else None, and, when add(label) is not 0, (mention.start,
 * mention.end, add(label), add(entity.qid) if entity else 0) appended to the returned list: the loop of
 * EntityLinker._set_annotations, with add called once per distinct string (add_once). */
static PyObject *link_records(PyObject *module, PyObject *args) {
    PyObject *decided, *offsets, *key_head, *data, *get, *add;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO", &PyList_Type, &decided, &PyBytes_Type, &offsets, &PyTuple_Type,
                          &key_head, &PyDict_Type, &data, &get, &add))
        return NULL;
    static PyObject *s_start, *s_end, *s_en, *s_qid, *s_name, *s_candidates;
    if (!s_start) {
        s_start = PyUnicode_InternFromString("start");
        s_end = PyUnicode_InternFromString("end");
        s_en = PyUnicode_InternFromString("en");
        s_qid = PyUnicode_InternFromString("qid");
        s_name = PyUnicode_InternFromString("name");
        s_candidates = PyUnicode_InternFromString("candidates");
        if (!s_start || !s_end || !s_en || !s_qid || !s_name || !s_candidates)
            return NULL;
    }
    Py_ssize_t n_tok = PyBytes_GET_SIZE(offsets) / (Py_ssize_t)(2 * sizeof(int64_t));
    Py_ssize_t n_head = PyTuple_GET_SIZE(key_head);
    PyObject *ids = PyDict_New();
    if (!ids)
        return NULL;
    PyObject *ents = PyList_New(0);
    if (!ents) {
        Py_DECREF(ids);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(decided); k++) {
        PyObject *item = PyList_GET_ITEM(decided, k);
        PyObject *m = NULL, *start = NULL, *end = NULL, *entity = NULL, *key = NULL, *rec = NULL, *cands = NULL;
        PyObject *name = NULL, *label_id = NULL, *kb_id = NULL, *ent = NULL;
        int ok = 0;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 4) {
            PyErr_SetString(PyExc_TypeError, "decided: (mention, label, chosen, ranked) tuples");
            goto fail;
        }
        m = PyTuple_GET_ITEM(item, 0);
        PyObject *label = PyTuple_GET_ITEM(item, 1), *chosen = PyTuple_GET_ITEM(item, 2);
        PyObject *ranked = PyTuple_GET_ITEM(item, 3);
        int has = PyObject_IsTrue(chosen);
        if (has < 0)
            goto fail;
        if (has) {
            entity = PyObject_CallOneArg(get, chosen);
            if (!entity)
                goto fail;
            has = PyObject_IsTrue(entity);
            if (has < 0)
                goto fail;
            if (!has)
                Py_CLEAR(entity);
        }
        start = PyObject_GetAttr(m, s_start);
        end = start ? PyObject_GetAttr(m, s_end) : NULL;
        if (!end)
            goto fail;
        Py_ssize_t s = PyLong_AsSsize_t(start), e = PyLong_AsSsize_t(end);
        if ((s == -1 || e == -1) && PyErr_Occurred())
            goto fail;
        if (s < 0 || e <= s || e > n_tok) {
            PyErr_SetString(PyExc_IndexError, "token range out of the document");
            goto fail;
        }
        const int64_t *o = (const int64_t *)PyBytes_AS_STRING(offsets);
        key = PyTuple_New(n_head + 2);
        if (!key)
            goto fail;
        for (Py_ssize_t i = 0; i < n_head; i++) {
            PyObject *x = PyTuple_GET_ITEM(key_head, i);
            Py_INCREF(x);
            PyTuple_SET_ITEM(key, i, x);
        }
        PyObject *c0 = PyLong_FromLongLong((long long)o[2 * s]);
        if (!c0)
            goto fail;
        PyTuple_SET_ITEM(key, n_head, c0);
        PyObject *c1 = PyLong_FromLongLong((long long)o[2 * (e - 1) + 1]);
        if (!c1)
            goto fail;
        PyTuple_SET_ITEM(key, n_head + 1, c1);
        if (entity) {
            name = PyObject_GetAttr(entity, s_en);
        } else {
            name = PyUnicode_FromStringAndSize("", 0);
        }
        if (!name)
            goto fail;
        PyObject *it = PyObject_GetIter(ranked);
        if (!it)
            goto fail;
        cands = PyList_New(0);
        if (!cands) {
            Py_DECREF(it);
            goto fail;
        }
        PyObject *c;
        while ((c = PyIter_Next(it))) {
            PyObject *lst = PySequence_List(c);
            Py_DECREF(c);
            if (!lst || PyList_Append(cands, lst) < 0) {
                Py_XDECREF(lst);
                Py_DECREF(it);
                goto fail;
            }
            Py_DECREF(lst);
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            goto fail;
        rec = PyDict_New();
        if (!rec || PyDict_SetItem(rec, s_name, name) < 0 || PyDict_SetItem(rec, s_candidates, cands) < 0)
            goto fail;
        if (PyDict_SetItem(data, key, rec) < 0)
            goto fail;
        label_id = add_once(ids, add, label);
        if (!label_id)
            goto fail;
        has = PyObject_IsTrue(label_id);
        if (has < 0)
            goto fail;
        if (has) {
            if (entity) {
                PyObject *qid = PyObject_GetAttr(entity, s_qid);
                if (!qid)
                    goto fail;
                kb_id = add_once(ids, add, qid);
                Py_DECREF(qid);
            } else {
                kb_id = PyLong_FromLong(0);
            }
            if (!kb_id)
                goto fail;
            ent = PyTuple_Pack(4, start, end, label_id, kb_id);
            if (!ent || PyList_Append(ents, ent) < 0)
                goto fail;
        }
        ok = 1;
    fail:
        Py_XDECREF(start);
        Py_XDECREF(end);
        Py_XDECREF(entity);
        Py_XDECREF(key);
        Py_XDECREF(rec);
        Py_XDECREF(cands);
        Py_XDECREF(name);
        Py_XDECREF(label_id);
        Py_XDECREF(kb_id);
        Py_XDECREF(ent);
        if (!ok) {
            Py_DECREF(ids);
            Py_DECREF(ents);
            return NULL;
        }
    }
    Py_DECREF(ids);
    return ents;
}

/* ent_columns(ents, n) -> bytes of a (3, n) uint64 array: ENT_IOB (O=2, B=3, I=1), ENT_TYPE, ENT_KB_ID, for
 * ents = sorted non-overlapping [(start, end, label_id, kb_id), ...]. */
static PyObject *ent_columns(PyObject *module, PyObject *args) {
    PyObject *ents;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &ents, &n))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "negative length");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(3 * n * 8));
    if (!out)
        return NULL;
    uint64_t *c = (uint64_t *)PyBytes_AS_STRING(out);
    memset(c, 0, (size_t)(3 * n * 8));
    for (Py_ssize_t i = 0; i < n; i++)
        c[i] = 2;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(ents); k++) {
        Py_ssize_t s, e;
        unsigned long long label, kb;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(ents, k), "nnKK", &s, &e, &label, &kb)) {
            Py_DECREF(out);
            return NULL;
        }
        if (s < 0 || e <= s || e > n) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_IndexError, "entity out of the document");
            return NULL;
        }
        for (Py_ssize_t i = s; i < e; i++) {
            c[i] = i == s ? 3 : 1;
            c[n + i] = label;
            c[2 * n + i] = kb;
        }
    }
    return out;
}

static PyObject *Table_reduce(Table *self, PyObject *Py_UNUSED(ignored)) {
    /* pickle/copy: a new empty table (it is a cache: the linker refills it) */
    return Py_BuildValue("(O())", (PyObject *)Py_TYPE(self));
}

static PyMethodDef Table_methods[] = {
    {"__reduce__", (PyCFunction)Table_reduce, METH_NOARGS, "pickled as a new empty table"},
    {"add", (PyCFunction)Table_add, METH_VARARGS,
     "add(orth, flags, key, skeleton, starts): remember an analysed token string"},
    {"clear", (PyCFunction)Table_clear, METH_NOARGS, "forget every string"},
    {"scan", (PyCFunction)Table_scan, METH_VARARGS,
     "scan(arr, cache, lookup, max_len) -> missing ORTH hashes, or (keys, orths, has_kb_id, matches)"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Table_as_sequence = {
    .sq_length = (lenfunc)Table_len,
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "arabnews._linkscan.Table",
    .tp_doc = "Token strings analysed by arabnews_linker, by ORTH hash.",
    .tp_basicsize = sizeof(Table),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Table_init,
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_methods = Table_methods,
    .tp_as_sequence = &Table_as_sequence,
};

static PyMethodDef module_methods[] = {
    {"char_range", char_range, METH_VARARGS, "char_range(offsets, start, end) -> (start_char, end_char)"},
    {"ent_columns", ent_columns, METH_VARARGS, "ent_columns(ents, n) -> bytes of a (3, n) uint64 array"},
    {"link_records", link_records, METH_VARARGS,
     "link_records(decided, offsets, key_head, data, get, add) -> ents (the link records written to data)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "arabnews._linkscan", "Compiled first pass of arabnews_linker (optional).", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__linkscan(void) {
    if (PyType_Ready(&TableType) < 0 || PyType_Ready(&ViewType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (!m)
        return NULL;
    Py_INCREF(&TableType);
    if (PyModule_AddObject(m, "Table", (PyObject *)&TableType) < 0) {
        Py_DECREF(&TableType);
        Py_DECREF(m);
        return NULL;
    }
    /* the interface version arabnews/linker.py expects (_LINKSCAN_ABI): a module built from an older source, e.g. an
     * in-tree .so left by an earlier editable install, is not used */
    if (PyModule_AddIntConstant(m, "ABI", LINKSCAN_ABI) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
