// Original file: switchyard/v1/telemetry.proto

export interface UsageAck {
  accepted?: number;
  duplicates?: number;
}

export interface UsageAck__Output {
  accepted: number;
  duplicates: number;
}
