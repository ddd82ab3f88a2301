#!/usr/bin/env node
// The tradewatch command: runs the library's command line, whose dependencies this package brings.
import "tradewatch/cli";
