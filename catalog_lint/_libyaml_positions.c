/* The exact reader's values and position tables, built in C from libyaml's events.
 *
 * catalog_lint.yaml_reader reads a document with PyYAML's C composer (libyaml), then
 * builds its values and its table of positions (catalog_lint.yaml_positions) in Python:
 * most of a run's reading time. This module builds the same values and the same table
 * straight from libyaml's events, for the documents where the exact reader does nothing
 * more than that. Everything else is declined (the function returns None) and read by
 * the exact reader:
 *
 * - anything libyaml refuses, and a root value that is a scalar (an empty document);
 * - anchors, aliases and tags;
 * - a duplicate key, a key that is not a string (a collection, or a plain scalar the
 *   core schema types: the exact reader converts it as JavaScript does);
 * - nesting deeper than the limit the caller gives;
 * - a plain scalar the caller's resolver declines (a YAML 1.1 look-alike, which the
 *   yaml11-value rule reads from the node tree);
 * - the places catalog_lint.yaml_strict checks: a quoted scalar over several lines or
 *   followed by '#', a flow collection over several lines, holding a '#', followed by
 *   '#', holding a plain scalar that starts with '-', or a key after '?'; a block
 *   scalar whose header's comment touches it, or whose leading blank lines the exact
 *   reader measures (no explicit indentation, and empty or starting with a line break).
 *
 * Plain scalars whose first character is one of the caller's notable characters (the
 * ones the core schema may type) go to the caller's resolver, the exact reader's own
 * code, except those starting with a letter that are not one of the caller's words (the
 * only such scalars the resolver types or declines); any other plain scalar is a string. Each document comes back as
 * (data, numbers, typecode, keys): the table's numbers as bytes of 16-bit integers when
 * they all fit ('h'), else of 32-bit ones ('i'), and its keys as a tuple. The table's
 * blocks are laid out as each collection ends (the exact reader lays them out a
 * generation at a time); the offsets differ, what they point at does not.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#define WIDTH 6

typedef struct {
    int32_t *items;
    Py_ssize_t length, capacity;
} Numbers;

static int numbers_push(Numbers *numbers, int32_t value) {
    if (numbers->length == numbers->capacity) {
        Py_ssize_t capacity = numbers->capacity ? 2 * numbers->capacity : 256;
        int32_t *grown = PyMem_Realloc(numbers->items, capacity * sizeof(int32_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        numbers->items = grown;
        numbers->capacity = capacity;
    }
    numbers->items[numbers->length++] = value;
    return 0;
}

/* An open collection: its value, its entries so far and, in a mapping, the key read. */
typedef struct {
    int mapping, flow;
    size_t start_line, start_column, start_index;
    PyObject *container;   /* dict or list (owned) */
    Numbers entries;       /* WIDTH numbers per entry; a mapping's key slot is its rank */
    PyObject *keys;        /* a mapping's key texts, in order (owned) */
    PyObject *key;         /* the key waiting for its value (owned), or NULL */
    int32_t key_line, key_column;
} Frame;

typedef struct {
    PyObject *text;        /* the str parsed: characters at marks are read from it */
    Py_ssize_t text_length;
    PyObject *resolve;     /* plain scalar -> value, or the decline marker */
    PyObject *decline;
    const char *notable;   /* first characters of plain scalars sent to resolve */
    PyObject *words;       /* ... of those starting with a letter, the only ones sent */
    Py_ssize_t longest;    /* the length of the longest of the words */
    int max_depth;
    Frame *frames;
    int depth, capacity;
    int flows;             /* flow collections open */
    Numbers numbers;       /* the document's table */
    PyObject *keys;        /* the document's keys (list) */
} Reader;

/* Results of the helpers: 0 done, 1 declined, -1 a Python error is set. */
#define DONE 0
#define DECLINED 1
#define FAILED -1

static Py_UCS4 char_at(Reader *reader, size_t index) {
    if ((Py_ssize_t)index >= reader->text_length) return 0;
    return PyUnicode_READ_CHAR(reader->text, (Py_ssize_t)index);
}

static void frame_clear(Frame *frame) {
    Py_CLEAR(frame->container);
    Py_CLEAR(frame->keys);
    Py_CLEAR(frame->key);
    PyMem_Free(frame->entries.items);
    frame->entries.items = NULL;
}

/* A value (owned, consumed) for the innermost open collection, with where it starts and
 * its block (-1 for a scalar); `plain_short` asks for it to be interned as a mapping
 * value (short plain strings repeat across files, and the exact reader shares them). */
static int place_value(Reader *reader, PyObject *value, const yaml_mark_t *mark,
                       int32_t block, int is_scalar, int plain_short) {
    Frame *frame = &reader->frames[reader->depth - 1];
    int32_t line = (int32_t)mark->line, column = (int32_t)mark->column;
    if (!frame->mapping) {
        int appended = PyList_Append(frame->container, value);
        Py_DECREF(value);
        if (appended < 0) return FAILED;
        int32_t entry[WIDTH] = {-1, line, column, line, column, block};
        for (int i = 0; i < WIDTH; i++)
            if (numbers_push(&frame->entries, entry[i]) < 0) return FAILED;
        return DONE;
    }
    if (frame->key == NULL) {  /* this value is a key */
        if (!is_scalar || !PyUnicode_CheckExact(value)) {
            Py_DECREF(value);
            return DECLINED;
        }
        PyUnicode_InternInPlace(&value);
        frame->key = value;
        frame->key_line = line;
        frame->key_column = column;
        return DONE;
    }
    PyObject *key = frame->key;
    frame->key = NULL;
    int present = PyDict_Contains(frame->container, key);
    if (present != 0) {  /* a duplicate (the exact reader reports it), or an error */
        Py_DECREF(key);
        Py_DECREF(value);
        return present < 0 ? FAILED : DECLINED;
    }
    if (plain_short && PyUnicode_CheckExact(value) && PyUnicode_GET_LENGTH(value) <= 32)
        PyUnicode_InternInPlace(&value);
    int stored = PyDict_SetItem(frame->container, key, value);
    Py_DECREF(value);
    if (stored < 0 || PyList_Append(frame->keys, key) < 0) {
        Py_DECREF(key);
        return FAILED;
    }
    Py_DECREF(key);
    int32_t entry[WIDTH] = {(int32_t)(PyList_GET_SIZE(frame->keys) - 1), frame->key_line,
                            frame->key_column, line, column, block};
    for (int i = 0; i < WIDTH; i++)
        if (numbers_push(&frame->entries, entry[i]) < 0) return FAILED;
    return DONE;
}

/* A block scalar's header as catalog_lint.yaml_strict.check_block_scalar reads it: its
 * comment must not touch it, and without an explicit indentation its leading blank lines
 * are measured when the value is empty or starts with a line break. */
static int block_scalar_plain(Reader *reader, const yaml_event_t *event) {
    size_t index = event->start_mark.index;
    Py_UCS4 indicator = char_at(reader, index++);
    if (indicator != '|' && indicator != '>') return 0;
    int explicit = 0;
    Py_UCS4 c = char_at(reader, index);
    if (c >= '1' && c <= '9') {
        explicit = 1;
        index++;
        c = char_at(reader, index);
        if (c == '-' || c == '+') index++;
    } else if (c == '-' || c == '+') {
        index++;
        c = char_at(reader, index);
        if (c >= '1' && c <= '9') {
            explicit = 1;
            index++;
        }
    }
    if (char_at(reader, index) == '#') return 0;
    if (!explicit) {
        size_t length = event->data.scalar.length;
        if (length == 0 || event->data.scalar.value[0] == '\n') return 0;
    }
    return 1;
}

static int on_scalar(Reader *reader, const yaml_event_t *event) {
    const yaml_mark_t *start = &event->start_mark, *end = &event->end_mark;
    if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL) return DECLINED;
    if (reader->depth == 0) return DECLINED;  /* a scalar document */
    const char *bytes = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    yaml_scalar_style_t style = event->data.scalar.style;
    int plain = style == YAML_PLAIN_SCALAR_STYLE;
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        if (start->line != end->line || char_at(reader, end->index) == '#') return DECLINED;
    } else if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
        if (!block_scalar_plain(reader, event)) return DECLINED;
    } else if (!plain) {
        return DECLINED;
    }
    if (reader->flows && plain) {
        if (length > 0 && bytes[0] == '-') return DECLINED;
        if (start->index > 0 && char_at(reader, start->index - 1) == '?') return DECLINED;
    }
    PyObject *value = PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)length, "strict");
    if (value == NULL) return FAILED;
    int ask = plain && (length == 0 || (bytes[0] != '\0' && strchr(reader->notable, bytes[0]) != NULL));
    if (ask && length > 0 && ((bytes[0] >= 'a' && bytes[0] <= 'z') || (bytes[0] >= 'A' && bytes[0] <= 'Z'))) {
        /* "name", "type", "owner": strings, unless one of the words ("no", "true") */
        ask = (Py_ssize_t)length <= reader->longest ? PySet_Contains(reader->words, value) : 0;
        if (ask < 0) {
            Py_DECREF(value);
            return FAILED;
        }
    }
    if (ask) {
        PyObject *typed = PyObject_CallOneArg(reader->resolve, value);
        Py_DECREF(value);
        if (typed == NULL) return FAILED;
        if (typed == reader->decline) {
            Py_DECREF(typed);
            return DECLINED;
        }
        value = typed;
    }
    return place_value(reader, value, start, -1, 1, plain);
}

static int on_collection_start(Reader *reader, const yaml_event_t *event, int mapping) {
    const yaml_char_t *anchor, *tag;
    int flow;
    if (mapping) {
        anchor = event->data.mapping_start.anchor;
        tag = event->data.mapping_start.tag;
        flow = event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    } else {
        anchor = event->data.sequence_start.anchor;
        tag = event->data.sequence_start.tag;
        flow = event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    }
    if (anchor != NULL || tag != NULL) return DECLINED;
    if (reader->depth >= reader->max_depth) return DECLINED;
    if (reader->depth > 0 && reader->frames[reader->depth - 1].mapping
            && reader->frames[reader->depth - 1].key == NULL)
        return DECLINED;  /* a collection as a key */
    if (reader->depth == reader->capacity) {
        int capacity = reader->capacity ? 2 * reader->capacity : 16;
        Frame *grown = PyMem_Realloc(reader->frames, capacity * sizeof(Frame));
        if (grown == NULL) {
            PyErr_NoMemory();
            return FAILED;
        }
        reader->frames = grown;
        reader->capacity = capacity;
    }
    Frame *frame = &reader->frames[reader->depth];
    memset(frame, 0, sizeof(Frame));
    frame->mapping = mapping;
    frame->flow = flow;
    frame->start_line = event->start_mark.line;
    frame->start_column = event->start_mark.column;
    frame->start_index = event->start_mark.index;
    frame->container = mapping ? PyDict_New() : PyList_New(0);
    if (frame->container == NULL) return FAILED;
    if (mapping && (frame->keys = PyList_New(0)) == NULL) {
        Py_CLEAR(frame->container);
        return FAILED;
    }
    reader->depth++;
    reader->flows += flow;
    return DONE;
}

static int on_collection_end(Reader *reader, const yaml_event_t *event) {
    Frame *frame = &reader->frames[reader->depth - 1];
    if (frame->flow) {
        size_t end = event->end_mark.index;
        if (frame->start_line != event->end_mark.line || char_at(reader, end) == '#')
            return DECLINED;
        for (size_t index = frame->start_index; index < end; index++)
            if (char_at(reader, index) == '#') return DECLINED;
    }
    /* The block: is_mapping, count, then the entries; a mapping's keys join the
     * document's list together, so its key slots become indexes into that list. */
    Numbers *numbers = &reader->numbers;
    Py_ssize_t count = frame->entries.length / WIDTH;
    int32_t block = (int32_t)numbers->length;
    if (numbers_push(numbers, frame->mapping) < 0 || numbers_push(numbers, (int32_t)count) < 0)
        return FAILED;
    int32_t first_key = (int32_t)PyList_GET_SIZE(reader->keys);
    for (Py_ssize_t i = 0; i < frame->entries.length; i++) {
        int32_t value = frame->entries.items[i];
        if (frame->mapping && i % WIDTH == 0) value += first_key;
        if (numbers_push(numbers, value) < 0) return FAILED;
    }
    if (frame->mapping) {
        Py_ssize_t keys = PyList_GET_SIZE(frame->keys);
        for (Py_ssize_t i = 0; i < keys; i++)
            if (PyList_Append(reader->keys, PyList_GET_ITEM(frame->keys, i)) < 0) return FAILED;
    }
    PyObject *container = frame->container;
    frame->container = NULL;
    yaml_mark_t start = {frame->start_index, frame->start_line, frame->start_column};
    reader->flows -= frame->flow;
    frame_clear(frame);
    reader->depth--;
    if (reader->depth == 0) {  /* the document's value: the caller keeps it */
        reader->numbers.items[0] = (int32_t)start.line;
        reader->numbers.items[1] = (int32_t)start.column;
        reader->numbers.items[2] = block;
        reader->frames[0].container = container;  /* parked until the document ends */
        return DONE;
    }
    return place_value(reader, container, &start, block, 0, 0);
}

/* The finished document: (data, numbers, typecode, keys). */
static PyObject *document_result(Reader *reader) {
    PyObject *data = reader->frames[0].container;
    reader->frames[0].container = NULL;
    Numbers *numbers = &reader->numbers;
    int32_t largest = 0;
    for (Py_ssize_t i = 0; i < numbers->length; i++)
        if (numbers->items[i] > largest) largest = numbers->items[i];
    PyObject *packed;
    const char *typecode;
    if (largest <= INT16_MAX) {
        typecode = "h";
        packed = PyBytes_FromStringAndSize(NULL, numbers->length * (Py_ssize_t)sizeof(int16_t));
        if (packed != NULL) {
            int16_t *out = (int16_t *)PyBytes_AS_STRING(packed);
            for (Py_ssize_t i = 0; i < numbers->length; i++) out[i] = (int16_t)numbers->items[i];
        }
    } else {
        typecode = "i";
        packed = PyBytes_FromStringAndSize((const char *)numbers->items,
                                           numbers->length * (Py_ssize_t)sizeof(int32_t));
    }
    PyObject *keys = PyList_AsTuple(reader->keys);
    PyObject *result = NULL;
    if (packed != NULL && keys != NULL)
        result = Py_BuildValue("(NNsN)", data, packed, typecode, keys);
    else {
        Py_XDECREF(data);
        Py_XDECREF(packed);
        Py_XDECREF(keys);
    }
    return result;
}

static void reader_clear(Reader *reader) {
    for (int i = 0; i < reader->depth; i++) frame_clear(&reader->frames[i]);
    if (reader->capacity > 0) Py_CLEAR(reader->frames[0].container);
    reader->depth = 0;
    reader->flows = 0;
    reader->numbers.length = 0;
    Py_CLEAR(reader->keys);
}

static PyObject *read_documents(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *text, *resolve, *decline, *words;
    const char *notable;
    Py_ssize_t longest;
    int max_depth;
    if (!PyArg_ParseTuple(args, "UOOsO!ni", &text, &resolve, &decline, &notable,
                          &PyFrozenSet_Type, &words, &longest, &max_depth))
        return NULL;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL) {  /* lone surrogates: the exact reader says where */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    Reader reader;
    memset(&reader, 0, sizeof(reader));
    reader.text = text;
    reader.text_length = PyUnicode_GET_LENGTH(text);
    reader.resolve = resolve;
    reader.decline = decline;
    reader.notable = notable;
    reader.words = words;
    reader.longest = longest;
    reader.max_depth = max_depth;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return PyErr_NoMemory();
    /* As PyYAML's C loader does: the encoding left to libyaml, which then skips a
     * byte-order mark before counting columns (told "UTF-8", it counts the mark). */
    yaml_parser_set_input_string(&parser, (const unsigned char *)utf8, (size_t)size);
    PyObject *documents = PyList_New(0);
    int status = documents == NULL ? FAILED : DONE;
    int finished = 0;
    while (status == DONE && !finished) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            status = DECLINED;  /* the exact reader says what libyaml refused, and where */
            break;
        }
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            finished = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            reader.numbers.length = 0;
            reader.keys = PyList_New(0);
            if (reader.keys == NULL) { status = FAILED; break; }
            for (int i = 0; i < 3 && status == DONE; i++)  /* the top value's, filled later */
                if (numbers_push(&reader.numbers, -1) < 0) status = FAILED;
            break;
        case YAML_DOCUMENT_END_EVENT: {
            if (reader.depth != 0 || reader.capacity == 0 || reader.frames[0].container == NULL) {
                status = DECLINED;  /* no collection at the top (unreachable: declined sooner) */
                break;
            }
            PyObject *document = document_result(&reader);
            Py_CLEAR(reader.keys);
            if (document == NULL || PyList_Append(documents, document) < 0) status = FAILED;
            Py_XDECREF(document);
            break;
        }
        case YAML_SCALAR_EVENT:
            status = on_scalar(&reader, &event);
            break;
        case YAML_SEQUENCE_START_EVENT:
            status = on_collection_start(&reader, &event, 0);
            break;
        case YAML_MAPPING_START_EVENT:
            status = on_collection_start(&reader, &event, 1);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            status = on_collection_end(&reader, &event);
            break;
        case YAML_ALIAS_EVENT:
            status = DECLINED;
            break;
        default:  /* the stream's start */
            break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    reader_clear(&reader);
    PyMem_Free(reader.frames);
    PyMem_Free(reader.numbers.items);
    if (status == FAILED) {
        Py_XDECREF(documents);
        return NULL;
    }
    if (status == DECLINED) {
        Py_XDECREF(documents);
        Py_RETURN_NONE;
    }
    return documents;
}

/* locate(numbers, keys, path, indexed): catalog_lint.yaml_positions.locate's walk, for a
 * table of 16- or 32-bit numbers (an array of typecode 'h' or 'i'). It answers
 * NotImplemented where the Python function must (a mapping of more than `indexed` keys,
 * which it looks up in an index of its own) and where the table is not one it knows
 * (not an array, an offset out of range, another item size): the caller then walks
 * it in Python. */
static PyObject *locate(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *numbers_object, *keys, *path;
    Py_ssize_t indexed;
    if (!PyArg_ParseTuple(args, "OOOn", &numbers_object, &keys, &path, &indexed))
        return NULL;
    if (!PyTuple_Check(keys) || !PyTuple_Check(path) || !PyObject_CheckBuffer(numbers_object))
        Py_RETURN_NOTIMPLEMENTED;
    Py_buffer view;
    if (PyObject_GetBuffer(numbers_object, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    PyObject *result = Py_NotImplemented;
    Py_ssize_t size = view.itemsize ? view.len / view.itemsize : 0;
    int wide = view.itemsize == 4;
    if ((view.itemsize != 2 && view.itemsize != 4) || size < 3) goto done;
#define AT(i) (wide ? (Py_ssize_t)((const int32_t *)view.buf)[i] \
                    : (Py_ssize_t)((const int16_t *)view.buf)[i])
    Py_ssize_t line = AT(0), column = AT(1), block = AT(2);
    Py_ssize_t best_line = -1, best_column = -1;  /* none yet */
    Py_ssize_t key_count = PyTuple_GET_SIZE(keys);
    Py_ssize_t parts = PyTuple_GET_SIZE(path);
    for (Py_ssize_t p = 0; p < parts; p++) {
        PyObject *part = PyTuple_GET_ITEM(path, p);
        if (block < 0) goto best;
        if (block + 1 >= size) goto done;
        Py_ssize_t count = AT(block + 1), entry;
        if (count < 0 || count > (size - block - 2) / WIDTH) goto done;  /* no overflow */
        if (AT(block)) {  /* a mapping: the last entry of the key */
            if (!PyUnicode_Check(part)) goto best;
            if (count > indexed) goto done;
            if (count == 0) goto best;
            Py_ssize_t first = AT(block + 2);
            if (first < 0 || first + count > key_count) goto done;
            Py_ssize_t found = -1;
            for (Py_ssize_t i = count - 1; i >= 0; i--) {
                PyObject *key = PyTuple_GET_ITEM(keys, first + i);
                int same = key == part;
                if (!same) {
                    same = PyObject_RichCompareBool(key, part, Py_EQ);
                    if (same < 0) {
                        result = NULL;
                        goto done;
                    }
                }
                if (same) {
                    found = i;
                    break;
                }
            }
            if (found < 0) goto best;
            entry = block + 2 + WIDTH * found;
            best_line = AT(entry + 1) + 1;
            best_column = AT(entry + 2) + 1;
        } else {  /* a list: the item at the index */
            if (!PyLong_Check(part)) goto best;
            int overflow;
            long long index = PyLong_AsLongLongAndOverflow(part, &overflow);
            if (index == -1 && PyErr_Occurred()) {
                result = NULL;
                goto done;
            }
            if (overflow || index < 0 || index >= count) goto best;
            entry = block + 2 + WIDTH * (Py_ssize_t)index;
            best_line = AT(entry + 3) + 1;
            best_column = AT(entry + 4) + 1;
        }
        line = AT(entry + 3);
        column = AT(entry + 4);
        block = AT(entry + 5);
    }
    result = Py_BuildValue("(nn)", line + 1, column + 1);
    goto done;
best:
    result = best_line < 0 ? Py_None : Py_BuildValue("(nn)", best_line, best_column);
done:
#undef AT
    PyBuffer_Release(&view);
    if (result == Py_None || result == Py_NotImplemented) Py_INCREF(result);
    return result;
}

static PyMethodDef methods[] = {
    {"read_documents", read_documents, METH_VARARGS,
     "read_documents(text, resolve, decline, notable, words, longest, max_depth) -> list | None"},
    {"locate", locate, METH_VARARGS,
     "locate(numbers, keys, path, indexed) -> (line, column) | None | NotImplemented"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_libyaml_positions",
    "The exact reader's values and positions, built from libyaml's events.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__libyaml_positions(void) { return PyModule_Create(&module); }
