{{/* Names and labels shared by every template. */}}
{{- define "switchyard.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "switchyard.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the planes' keys and tokens: the user's, or the chart's. */}}
{{- define "switchyard.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "switchyard.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "switchyard.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "switchyard.secretName" .root }}
      key: {{ .key }}
{{- end -}}

{{/* An environment variable set only when its value is not empty. */}}
{{- define "switchyard.optionalEnv" -}}
{{- if .value }}
- name: {{ .name }}
  value: {{ .value | quote }}
{{- end }}
{{- end -}}

{{/* NATS TLS and credentials variables, the same on both planes (files mounted by switchyard.natsMounts). */}}
{{- define "switchyard.natsEnv" -}}
{{- if .Values.nats.credentialsSecret }}
- name: NATS_CREDS
  value: /etc/switchyard/nats/nats.creds
{{- end }}
{{- if .Values.nats.tokenSecret }}
- name: NATS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.nats.tokenSecret }}
      key: {{ .Values.nats.tokenSecretKey }}
{{- end }}
{{- if .Values.nats.tlsCaSecret }}
- name: NATS_TLS_CA
  value: /etc/switchyard/nats-tls/ca.crt
{{- end }}
{{- if .Values.nats.tlsClientSecret }}
- name: NATS_TLS_CERT
  value: /etc/switchyard/nats-client-tls/tls.crt
- name: NATS_TLS_KEY
  value: /etc/switchyard/nats-client-tls/tls.key
{{- end }}
{{- end }}

{{/* volumeMounts for switchyard.natsEnv. */}}
{{- define "switchyard.natsMounts" -}}
{{- if .Values.nats.credentialsSecret }}
- { name: nats-credentials, mountPath: /etc/switchyard/nats, readOnly: true }
{{- end }}
{{- if .Values.nats.tlsCaSecret }}
- { name: nats-tls, mountPath: /etc/switchyard/nats-tls, readOnly: true }
{{- end }}
{{- if .Values.nats.tlsClientSecret }}
- { name: nats-client-tls, mountPath: /etc/switchyard/nats-client-tls, readOnly: true }
{{- end }}
{{- end }}

{{/* volumes for switchyard.natsMounts. */}}
{{- define "switchyard.natsVolumes" -}}
{{- if .Values.nats.credentialsSecret }}
- name: nats-credentials
  secret:
    secretName: {{ .Values.nats.credentialsSecret }}
{{- end }}
{{- if .Values.nats.tlsCaSecret }}
- name: nats-tls
  secret:
    secretName: {{ .Values.nats.tlsCaSecret }}
{{- end }}
{{- if .Values.nats.tlsClientSecret }}
- name: nats-client-tls
  secret:
    secretName: {{ .Values.nats.tlsClientSecret }}
{{- end }}
{{- end }}
