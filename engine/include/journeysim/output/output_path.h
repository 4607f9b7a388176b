#pragma once
// What may be written: checked before anything is simulated, so a run of an
// hour does not end in "cannot write", and so that a results file never
// replaces what the user had that was not a results file.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim {

// The temporary file this process writes `path` through before renaming it
// into place: `<path>.tmp-<pid>`.
std::string temporary_path(const std::string& path);

// Removes `<output>.tmp-<pid>` files left by a process that no longer runs
// (a sweep killed while writing), before a resume writes the file again.
void remove_stale_temporaries(const std::string& output);

// Throws IoError naming `path` and the reason when the results cannot go
// there: its folder is missing or not writable; it is a folder, a device, a
// pipe or anything but a regular file; or it is one of `inputs` (the
// scenario being read, or the results a report is made from), under any
// name; the message says it is `what_inputs_are`. Returns true when a file
// is there already (it will be replaced once the new one is complete).
bool check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       const std::string& what_inputs_are = "the scenario being read");

// The first `bytes` bytes of the file at `path` (fewer if it is shorter),
// or nothing if it cannot be opened: what an output check reads to tell a
// file it may replace (a signature) from one of the user's.
std::optional<std::string> file_head(const std::string& path, std::size_t bytes);

// check_output_path() for an output that replaces only a file of its own
// kind: a file already there must be empty or start with `signature`, else
// it is refused ("cannot write PATH: <not_ours>; move it away ..."), and so
// is one that cannot be read.
bool check_replaceable_path(const std::string& path, const std::vector<std::string>& inputs,
                            const std::string& what_inputs_are, std::string_view signature,
                            const std::string& not_ours);

// check_replaceable_path() for a results file: HDF5's signature (`-o
// notes.txt` replaced the notes). Any HDF5 file may be replaced, an h5py
// file of the user's too: telling ours apart means opening it with HDF5,
// which a damaged file can crash.
bool check_results_path(const std::string& path, const std::vector<std::string>& inputs);

// Writes `text` to `path` through `<path>.tmp-<pid>`, synced and renamed
// once whole, so that a failure leaves what was there. Throws IoError.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace journeysim
