"""Hand-built ONNX graphs for the evaluation fixtures (no skl2onnx here: onnx.helper only).

Every model gets the same envelope (opset 17 for the default domain, 3 for ai.onnx.ml when an ML
operator is used, producer "mlgate-fixtures", a doc string and metadata_props) and is written with
protobuf's deterministic serialisation so a rerun gives the same bytes.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PRODUCER_NAME = 'mlgate-fixtures'
PRODUCER_VERSION = '1.0.0'
DEFAULT_OPSET = 17
ML_OPSET = 3
ML_DOMAIN = 'ai.onnx.ml'
BATCH = 'N'

# The names onnxruntime gives these element types (Tensor.type in onnxruntime-node).
DTYPE_NAMES = {
    TensorProto.FLOAT: 'float32',
    TensorProto.DOUBLE: 'float64',
    TensorProto.INT64: 'int64',
    TensorProto.INT32: 'int32',
    TensorProto.STRING: 'string',
    TensorProto.BOOL: 'bool',
}


def tensor(name, elem_type, shape):
    return helper.make_tensor_value_info(name, elem_type, shape)


def float_input(name, width):
    return tensor(name, TensorProto.FLOAT, [BATCH, width])


def const(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array), name)


def zipmap_output(name):
    """seq(map(int64, float)): what ZipMap returns and onnxruntime-node cannot hand back."""
    value_type = helper.make_tensor_type_proto(TensorProto.FLOAT, [])
    map_type = onnx.TypeProto()
    map_type.map_type.key_type = TensorProto.INT64
    map_type.map_type.value_type.CopyFrom(value_type)
    return helper.make_value_info(name, helper.make_sequence_type_proto(map_type))


def build_model(name, nodes, inputs, outputs, initializers, doc, metadata, uses_ml=False):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    opsets = [helper.make_opsetid('', DEFAULT_OPSET)]
    if uses_ml:
        opsets.append(helper.make_opsetid(ML_DOMAIN, ML_OPSET))
    model = helper.make_model(
        graph,
        opset_imports=opsets,
        producer_name=PRODUCER_NAME,
        producer_version=PRODUCER_VERSION,
        doc_string=doc,
    )
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model)
    try:
        onnx.checker.check_model(model, full_check=True)
    except onnx.shape_inference.InferenceError:
        # onnx 1.12 has no type inference for some ai.onnx.ml operators (OneHotEncoder): the strict pass
        # cannot follow their outputs, the structural check above still holds.
        if not uses_ml:
            raise
    return model


def model_bytes(model):
    return model.SerializeToString(deterministic=True)


def write_model(model, path):
    data = model_bytes(model)
    with open(path, 'wb') as f:
        f.write(data)
    return data


def _value_signature(value_info):
    kind = value_info.type.WhichOneof('value')
    if kind == 'tensor_type':
        tt = value_info.type.tensor_type
        shape = [d.dim_param if d.HasField('dim_param') else d.dim_value for d in tt.shape.dim]
        return {'name': value_info.name, 'is_tensor': True, 'dtype': DTYPE_NAMES[tt.elem_type], 'shape': shape}
    if kind == 'sequence_type':
        elem = value_info.type.sequence_type.elem_type
        if elem.WhichOneof('value') == 'map_type':
            key = DTYPE_NAMES[elem.map_type.key_type]
            val = DTYPE_NAMES[elem.map_type.value_type.tensor_type.elem_type]
            return {'name': value_info.name, 'is_tensor': False, 'type': f'seq(map({key},{val}))'}
    raise ValueError(f'unexpected value type for {value_info.name}: {kind}')


def signature(model):
    """What an introspection test can assert, read back from the ModelProto itself."""
    return {
        'inputs': [_value_signature(v) for v in model.graph.input],
        'outputs': [_value_signature(v) for v in model.graph.output],
        'opset_imports': [{'domain': o.domain, 'version': o.version} for o in model.opset_import],
        'ir_version': model.ir_version,
        'producer_name': model.producer_name,
        'producer_version': model.producer_version,
        'doc_string': model.doc_string,
        'graph_name': model.graph.name,
        'metadata_props': {p.key: p.value for p in model.metadata_props},
    }
