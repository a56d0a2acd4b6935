/** The declarative config from the foundation issue, verbatim: the shape `switchyard apply` must accept. */
export const BRIEF_YAML = `workspaces:
  - slug: demo
    name: Demo
    providers:
      - name: local-openai
        kind: openai
        baseUrl: http://127.0.0.1:9001/v1
        apiKey: \${OPENAI_API_KEY}      # \${VAR} is read from the environment
    routes:
      - alias: fast
        targets:
          - provider: local-openai
            model: gpt-4o-mini
    keys:
      - name: ci
        secret: sy-test-0123456789abcdef   # optional fixed secret for dev/test; else generated and printed once
`;
