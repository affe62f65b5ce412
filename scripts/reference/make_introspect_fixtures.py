#!/usr/bin/python3
"""Small ONNX models for the ONNX file introspection tests, and what onnx's own parser reads from them.

Builds the models with onnx.helper (Debian's /usr/bin/python3, onnx 1.12.0), checks them with
onnx.checker, saves them with onnx.save, then reloads each file with onnx.load and writes every field
mlgate reads to test/fixtures/onnx-introspect/expected.json, so the TypeScript reader is compared
against onnx's protobuf parser, never against itself. Run from the repository root:
    /usr/bin/python3 scripts/reference/make_introspect_fixtures.py

Conventions written into expected.json (the TypeScript side follows them):
- an opset or node domain of '' (the default ONNX operator set) is written 'ai.onnx';
- dtypes use onnxruntime's names: FLOAT -> float32, DOUBLE -> float64, every other enum name lower-cased;
- a dim with dim_value is a number, with dim_param a string, with neither null; no shape field -> no shape;
- graph inputs that name an initializer (dense or sparse) are left out: they are weights, not inputs;
- initializerBytes is the serialized size of the initializer messages (dense and sparse);
- `prefixes` lists every byte length at which the file could be cut between two top-level fields,
  with `valid` true when that prefix still has ir_version, a graph and (IR >= 3) an opset_import: the only
  cuts a reader can mistake for a whole model.
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join('test', 'fixtures', 'onnx-introspect')


def map_type_proto(key_type, value_type):
    """onnx 1.12's helper has no make_map_type_proto."""
    type_proto = onnx.TypeProto()
    type_proto.map_type.key_type = key_type
    type_proto.map_type.value_type.CopyFrom(value_type)
    return type_proto


def classifier_with_metadata():
    """An skl2onnx-like pipeline: per-column float/string/int64 inputs, ai.onnx.ml ops, a ZipMap output."""
    num = helper.make_tensor_value_info('num features', TensorProto.FLOAT, ['N', 3])
    category = helper.make_tensor_value_info('category', TensorProto.STRING, ['N', 1])
    count = helper.make_tensor_value_info('count', TensorProto.INT64, ['N', 1])
    label = helper.make_tensor_value_info('label', TensorProto.INT64, ['N'])
    zipmap_type = helper.make_sequence_type_proto(
        map_type_proto(TensorProto.INT64, helper.make_tensor_type_proto(TensorProto.FLOAT, None))
    )
    probabilities = helper.make_value_info('output_probability', zipmap_type)
    scale = numpy_helper.from_array(np.array([0.5, 2.0, 1.0], dtype=np.float32), name='scale')
    nodes = [
        helper.make_node('Mul', ['num features', 'scale'], ['scaled'], name='scale_features'),
        helper.make_node(
            'LabelEncoder',
            ['category'],
            ['category_index'],
            domain='ai.onnx.ml',
            keys_strings=['a', 'b', 'c'],
            values_int64s=[0, 1, 2],
            default_int64=-1,
        ),
        helper.make_node('Cast', ['category_index'], ['category_float'], to=TensorProto.FLOAT),
        helper.make_node('Cast', ['count'], ['count_float'], to=TensorProto.FLOAT),
        helper.make_node('Concat', ['scaled', 'category_float', 'count_float'], ['features'], axis=1),
        helper.make_node(
            'LinearClassifier',
            ['features'],
            ['label', 'probabilities'],
            domain='ai.onnx.ml',
            coefficients=[0.1, -0.2, 0.3, 0.4, -0.5, -0.1, 0.2, -0.3, -0.4, 0.5],
            intercepts=[0.05, -0.05],
            classlabels_ints=[0, 1],
            post_transform='LOGISTIC',
        ),
        helper.make_node(
            'ZipMap', ['probabilities'], ['output_probability'], domain='ai.onnx.ml', classlabels_int64s=[0, 1]
        ),
    ]
    graph = helper.make_graph(
        nodes, 'pipeline_classifier', [num, category, count], [label, probabilities], initializer=[scale]
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid('', 15), helper.make_opsetid('ai.onnx.ml', 3)],
        producer_name='mlgate-fixtures',
        producer_version='0.1.0',
        domain='org.mlgate.test',
        model_version=7,
        doc_string='A hand-built classifier.\nSecond line of the doc string.',
    )
    model.ir_version = 8
    helper.set_model_props(
        model,
        {
            'author': 'mlgate tests',
            'license': 'Apache-2.0',
            'classes': '[0, 1]',
            'key with spaces': 'välue ünicode ✓',
        },
    )
    # full_check=True stops at ZipMap: onnx 1.12 has no shape inference for seq(map) values.
    onnx.checker.check_model(model)
    return model


def old_ir_with_initializer_inputs():
    """IR 3, as early exporters wrote it: every weight is listed again as a graph input."""
    x = helper.make_tensor_value_info('X', TensorProto.FLOAT, ['batch', 4])
    w_info = helper.make_tensor_value_info('W', TensorProto.FLOAT, [4, 2])
    b_info = helper.make_tensor_value_info('B', TensorProto.FLOAT, [2])
    y = helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['batch', 2])
    rng = np.random.default_rng(3)
    w = numpy_helper.from_array(rng.standard_normal((4, 2)).astype(np.float32), name='W')
    b = numpy_helper.from_array(np.array([0.25, -0.25], dtype=np.float32), name='B')
    nodes = [
        helper.make_node('MatMul', ['X', 'W'], ['XW']),
        helper.make_node('Add', ['XW', 'B'], ['Y']),
    ]
    graph = helper.make_graph(nodes, 'torch-jit-export', [x, w_info, b_info], [y], initializer=[w, b])
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid('', 7)], producer_name='pytorch', producer_version='0.3.1'
    )
    model.ir_version = 3
    onnx.checker.check_model(model)
    return model


def many_types():
    """One input of each kind: unknown and symbolic dims, a scalar, no shape, optional, sequence, map, sparse."""
    inputs = [
        helper.make_tensor_value_info('x64', TensorProto.DOUBLE, [None, 'batch', 4]),
        helper.make_tensor_value_info('flag', TensorProto.BOOL, []),
        helper.make_tensor_value_info('half', TensorProto.FLOAT16, None),
        helper.make_tensor_value_info('bytes', TensorProto.UINT8, [2, 2]),
        helper.make_value_info(
            'maybe', helper.make_optional_type_proto(helper.make_tensor_type_proto(TensorProto.INT32, [3]))
        ),
        helper.make_tensor_sequence_value_info('floats', TensorProto.FLOAT, ['n']),
        helper.make_value_info(
            'lookup',
            map_type_proto(TensorProto.STRING, helper.make_tensor_type_proto(TensorProto.DOUBLE, None)),
        ),
        helper.make_sparse_tensor_value_info('sparse', TensorProto.FLOAT, [10, 10]),
        helper.make_tensor_value_info('small', TensorProto.INT8, [1]),
        helper.make_tensor_value_info('wide', TensorProto.UINT64, ['rows', 'cols']),
    ]
    outputs = [
        helper.make_tensor_value_info('x64_out', TensorProto.DOUBLE, [None, 'batch', 4]),
        helper.make_tensor_value_info('flag_out', TensorProto.BOOL, []),
    ]
    nodes = [
        helper.make_node('Identity', ['x64'], ['x64_out']),
        helper.make_node('Identity', ['flag'], ['flag_out']),
    ]
    graph = helper.make_graph(nodes, 'types', inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 16)], producer_name='onnx.helper')
    model.ir_version = 8
    # No onnx.checker here: onnx 1.12's checker insists on a shape for every graph input, and an input of
    # unknown rank ('half') is what this fixture is for (the IR allows it, onnxruntime loads it).
    return model


def tag(field, wire_type):
    """A field key as a protobuf varint (two bytes for these field numbers, above 15)."""
    key = (field << 3) | wire_type
    out = bytearray()
    while key > 0x7F:
        out.append((key & 0x7F) | 0x80)
        key >>= 7
    out.append(key)
    return bytes(out)


def unknown_fields_appended(path):
    """The types model plus top-level fields onnx.proto does not define, one per wire type (as a newer
    writer might add): protobuf parsers keep them as unknown fields, readers must skip them."""
    with open(os.path.join(OUT, 'types.onnx'), 'rb') as f:
        data = f.read()
    fields = [
        tag(29, 0) + bytes([0x96, 0x01]),  # varint 150
        tag(30, 1) + bytes(range(8)),  # 64-bit
        tag(31, 5) + bytes([1, 2, 3, 4]),  # 32-bit
        tag(28, 2) + bytes([3]) + b'abc',  # length-delimited
    ]
    with open(path, 'wb') as f:
        f.write(data + b''.join(fields))
    # The cut points after each appended field (ListFields does not see unknown fields).
    ends, total = [], len(data)
    for field in fields:
        total += len(field)
        ends.append(total)
    return ends


def dtype_name(code):
    name = TensorProto.DataType.Name(code)
    return {'FLOAT': 'float32', 'DOUBLE': 'float64'}.get(name, name.lower())


def shape_of(tensor_type):
    if not tensor_type.HasField('shape'):
        return None
    dims = []
    for dim in tensor_type.shape.dim:
        which = dim.WhichOneof('value')
        dims.append(dim.dim_value if which == 'dim_value' else dim.dim_param if which == 'dim_param' else None)
    return dims


def shape_text(shape):
    if shape is None:
        return ''
    return '[' + ', '.join('?' if d is None else str(d) for d in shape) + ']'


def describe_type(type_proto, nested):
    """(value info dict, description) for a TypeProto, as the brief's OnnxValueInfo spells it."""
    which = type_proto.WhichOneof('value')
    if which == 'tensor_type':
        dtype = dtype_name(type_proto.tensor_type.elem_type)
        shape = shape_of(type_proto.tensor_type)
        text = dtype + shape_text(shape) if nested else f'tensor({dtype}){shape_text(shape)}'
        info = {'kind': 'tensor', 'dtype': dtype}
        if shape is not None:
            info['shape'] = shape
        return info, text
    if which == 'sequence_type':
        element, element_text = describe_type(type_proto.sequence_type.elem_type, True)
        element['description'] = element_text
        return {'kind': 'sequence', 'elementType': element}, f'seq({element_text})'
    if which == 'map_type':
        key = dtype_name(type_proto.map_type.key_type)
        value, value_text = describe_type(type_proto.map_type.value_type, True)
        value['description'] = value_text
        return {'kind': 'map', 'keyType': key, 'valueType': value}, f'map({key}, {value_text})'
    if which == 'optional_type':
        element, element_text = describe_type(type_proto.optional_type.elem_type, True)
        element['description'] = element_text
        return {'kind': 'optional', 'elementType': element}, f'optional({element_text})'
    if which == 'sparse_tensor_type':
        dtype = dtype_name(type_proto.sparse_tensor_type.elem_type)
        shape = shape_of(type_proto.sparse_tensor_type)
        info = {'kind': 'unknown', 'dtype': dtype}
        if shape is not None:
            info['shape'] = shape
        return info, f'sparse_tensor({dtype}){shape_text(shape)}'
    return {'kind': 'unknown'}, 'unknown'


def value_info(vi):
    info, text = describe_type(vi.type, False) if vi.HasField('type') else ({'kind': 'unknown'}, 'unknown')
    return {'name': vi.name, **info, 'description': text}


def top_level_prefixes(model, extra_ends):
    """Byte lengths after each top-level field, in the order protobuf serializes them (field number order,
    which is how onnx.save and torch.onnx.export write), rebuilt field by field with protobuf itself."""
    partial = onnx.ModelProto()
    prefixes = []
    for field, value in model.ListFields():
        items = value if field.label == field.LABEL_REPEATED else [value]
        for item in items:
            target = getattr(partial, field.name)
            if field.label == field.LABEL_REPEATED:
                target.add().CopyFrom(item)
            elif field.message_type is not None:
                target.CopyFrom(item)
            else:
                setattr(partial, field.name, item)
            valid = (
                partial.ir_version != 0
                and partial.HasField('graph')
                and (partial.ir_version < 3 or len(partial.opset_import) > 0)
            )
            prefixes.append({'bytes': len(partial.SerializeToString()), 'valid': valid})
    return prefixes + [{'bytes': end, 'valid': prefixes[-1]['valid']} for end in extra_ends]


def domain_name(domain):
    return domain if domain else 'ai.onnx'


def expected_for(path, extra_ends=()):
    with open(path, 'rb') as f:
        data = f.read()
    model = onnx.load(path)
    graph = model.graph
    weights = {t.name for t in graph.initializer} | {s.values.name for s in graph.sparse_initializer}
    return {
        'irVersion': model.ir_version,
        'opsets': [{'domain': domain_name(o.domain), 'version': o.version} for o in model.opset_import],
        'producerName': model.producer_name,
        'producerVersion': model.producer_version,
        'domain': model.domain,
        'modelVersion': model.model_version,
        'docString': model.doc_string,
        'graphName': graph.name,
        'metadata': {p.key: p.value for p in model.metadata_props},
        'inputs': [value_info(vi) for vi in graph.input if vi.name not in weights],
        'outputs': [value_info(vi) for vi in graph.output],
        'nodeCount': len(graph.node),
        'nodeDomains': sorted({domain_name(n.domain) for n in graph.node}),
        'initializerCount': len(graph.initializer) + len(graph.sparse_initializer),
        'initializerBytes': sum(t.ByteSize() for t in graph.initializer)
        + sum(s.ByteSize() for s in graph.sparse_initializer),
        'sizeBytes': len(data),
        'sha256': hashlib.sha256(data).hexdigest(),
        'prefixes': top_level_prefixes(model, extra_ends),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    models = {
        'classifier-metadata.onnx': classifier_with_metadata(),
        'old-ir-initializer-inputs.onnx': old_ir_with_initializer_inputs(),
        'types.onnx': many_types(),
    }
    for name, model in models.items():
        onnx.save(model, os.path.join(OUT, name))
    unknown_ends = unknown_fields_appended(os.path.join(OUT, 'unknown-fields.onnx'))
    names = list(models) + ['unknown-fields.onnx']
    expected = {'onnx_version': onnx.__version__}
    for name in names:
        extra_ends = unknown_ends if name == 'unknown-fields.onnx' else ()
        expected[name] = expected_for(os.path.join(OUT, name), extra_ends)
        assert expected[name]['prefixes'][-1]['bytes'] == expected[name]['sizeBytes']
    # onnx's parser keeps the appended fields as unknown fields and reads the rest unchanged.
    assert expected['unknown-fields.onnx']['inputs'] == expected['types.onnx']['inputs']
    with open(os.path.join(OUT, 'expected.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
