import { onnx } from 'onnx-proto';

/** Small builders for ONNX graphs written by hand: every model the project exports uses these. */

/** An initializer holding `values`' bytes as they are (little-endian, as ONNX stores raw data). */
export function tensor(
  name: string,
  dataType: number,
  dims: number[],
  values: ArrayBufferView,
): onnx.ITensorProto {
  return {
    name,
    dataType,
    dims,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/** A graph input or output; string dimensions are symbolic (`batch`), numbers fixed. */
export function valueInfo(name: string, elemType: number, dims: (string | number)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** A node named after its first output, so graphs read well in Netron and error messages. */
export function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: onnx.IAttributeProto[] = [],
): onnx.INodeProto {
  return { opType, input, output, name: output[0], attribute };
}

export function intAttribute(name: string, i: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}
