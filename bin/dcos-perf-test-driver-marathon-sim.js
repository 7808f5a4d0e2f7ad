#!/usr/bin/env node
import '../dist/marathon-sim/simulatorCli.js';
