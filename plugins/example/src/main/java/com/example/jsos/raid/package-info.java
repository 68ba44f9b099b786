/** A complete sample vendor plugin built against the jsos plugin API and tested with its test kit. */
package com.example.jsos.raid;
