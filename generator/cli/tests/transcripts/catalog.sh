#!/bin/sh
# Writes the 1,000-line definitions of the transcripts: generate.in/catalog.yaml, and
# errors.in/catalog-broken.yaml, the same but for one misspelt type on line 978.
# Run from this folder after changing it: `sh catalog.sh`.
set -eu

catalog() {
    type=$1
    printf 'openapi: 3.0.3\ninfo:\n  title: Catalog\n  version: "1.0"\n'
    printf '  description: A definition of 1,000 lines for the transcripts of the oasbind CLI.\n'
    printf 'servers:\n  - url: https://catalog.example.test/v1\npaths:\n'
    i=1
    while [ "$i" -le 20 ]; do
        printf '  /things%d:\n    get:\n      operationId: listThings%d\n      tags: [things%d]\n' "$i" "$i" "$i"
        printf '      parameters:\n        - name: limit\n          in: query\n'
        printf '          schema: {type: integer, minimum: 1, maximum: 100}\n'
        printf '      responses:\n        "200":\n          description: the things\n'
        printf '          content:\n            application/json:\n              schema:\n'
        printf '                type: array\n                items: {$ref: "#/components/schemas/Thing%d"}\n' "$i"
        printf '    post:\n      operationId: createThing%d\n      requestBody:\n        required: true\n' "$i"
        printf '        content:\n          application/json:\n'
        printf '            schema: {$ref: "#/components/schemas/Thing%d"}\n' "$i"
        printf '      responses:\n        "201":\n          description: created\n'
        i=$((i + 1))
    done
    printf 'components:\n  schemas:\n'
    i=1
    while [ "$i" -le 20 ]; do
        printf '    Thing%d:\n      type: object\n      required: [id, name]\n      properties:\n' "$i"
        printf '        id:\n          type: string\n          format: uuid\n'
        printf '        name:\n          type: string\n          minLength: 1\n          maxLength: 80\n'
        printf '        price:\n          type: number\n          minimum: 0\n'
        printf '        tags:\n          type: array\n          items:\n            type: string\n'
        printf '        state:\n          type: string\n          enum: [draft, listed, sold]\n'
        i=$((i + 1))
    done
    printf '    Notice:\n      type: object\n      description: Lines of text shown with a thing.\n'
    printf '      properties:\n'
    i=1
    while [ "$i" -le 23 ]; do
        t=string
        [ "$i" -eq 12 ] && t=$type
        printf '        line%d:\n          type: %s\n' "$i" "$t"
        i=$((i + 1))
    done
}

catalog string > generate.in/catalog.yaml
catalog strin > errors.in/catalog-broken.yaml
