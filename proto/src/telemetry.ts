import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';
import type { ProtoGrpcType } from './generated/telemetry';

/** Directory holding the `.proto` files (the `switchyard/v1/…` tree). */
export const PROTO_ROOT = join(__dirname, '..');
export const TELEMETRY_PROTO = 'switchyard/v1/telemetry.proto';

/**
 * Loader options both planes use; the generated types in `./generated` assume exactly
 * these (camelCase fields, int64 as Number, defaults filled in).
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

let definition: protoLoader.PackageDefinition | undefined;
let loaded: ProtoGrpcType | undefined;

/** `telemetry.proto` as proto-loader reads it (message descriptors, method codecs), parsed once. */
export function telemetryDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync(TELEMETRY_PROTO, PROTO_LOADER_OPTIONS);
  return definition;
}

/** The `switchyard.v1` gRPC package, loaded once from `telemetry.proto`. */
export function loadTelemetry(): ProtoGrpcType['switchyard']['v1'] {
  loaded ??= grpc.loadPackageDefinition(telemetryDefinition()) as unknown as ProtoGrpcType;
  return loaded.switchyard.v1;
}
