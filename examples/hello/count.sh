# Counts the names, one line per name, into the output directory.
n=0
while read -r name; do
  n=$((n + 1))
  echo "$n. $name"
done < "$1" > "$2/numbered.txt"
echo "numbered $n names"
