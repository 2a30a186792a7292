"""The build machinery: parallel work and its processes, the read cache, page
records, files, the site lock and the output's atomic swap.
"""
